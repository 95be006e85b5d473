"""Is this PC a virtual machine, or is the trainee's session a remote one (EXAM-7)?

Recorded as incidents (`virtual_machine`, `remote_session`) for staff to review, never a
refusal: plenty of real laptops look a little virtual (Windows 11 runs under Hyper-V with
VBS, so the CPU's hypervisor bit is set on real hardware; it is therefore never read).
The evidence is what a guest cannot hide without effort: the firmware's vendor strings
and the PCI devices of the virtual hardware. The decisions are pure; the readers below
them take a root folder (Linux) so tests can build a fake /sys.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Iterable, Mapping
from pathlib import Path

# Words in firmware strings that only virtual machines carry (lower case).
VM_VENDOR_MARKERS = {
    "vmware": "VMware",
    "virtualbox": "VirtualBox",
    "innotek": "VirtualBox",
    "qemu": "QEMU",
    "kvm": "KVM",
    "bochs": "QEMU",
    "xen": "Xen",
    "parallels": "Parallels",
    "bhyve": "bhyve",
    "virtual machine": "Hyper-V",  # Microsoft's guests: "Virtual Machine"
    "openstack": "OpenStack",
    "google compute engine": "Google Cloud",
    "amazon ec2": "Amazon EC2",
}
# PCI vendor ids of virtual hardware (lower case hex).
VM_PCI_VENDORS = {
    "15ad": "VMware",
    "80ee": "VirtualBox",
    "1af4": "virtio (QEMU/KVM)",
    "1414": "Hyper-V",
    "5853": "Xen",
    "1ab8": "Parallels",
}
DMI_FILES = (
    "sys_vendor",
    "product_name",
    "product_version",
    "board_vendor",
    "bios_vendor",
    "chassis_vendor",
)


def vm_evidence(firmware: Mapping[str, str], pci_vendors: Iterable[str]) -> list[str]:
    """What says 'virtual machine': ["bios_vendor=QEMU (QEMU)", "PCI vendor 1af4 ..."];
    empty for a real PC."""
    evidence: list[str] = []
    for field, value in firmware.items():
        lowered = value.casefold()
        for marker, name in VM_VENDOR_MARKERS.items():
            if re.search(rf"\b{re.escape(marker)}\b", lowered):
                evidence.append(f"{field}={value.strip()} ({name})")
                break
    for vendor in sorted({v.casefold().removeprefix("0x") for v in pci_vendors}):
        if vendor in VM_PCI_VENDORS:
            evidence.append(f"PCI vendor {vendor} ({VM_PCI_VENDORS[vendor]})")
    return evidence


def windows_pci_vendor(device_id: str) -> str | None:
    """'VEN_15AD&DEV_0405&SUBSYS_...' -> '15ad'."""
    for part in device_id.upper().split("&"):
        if part.startswith("VEN_") and len(part) == 8:
            return part[4:].lower()
    return None


def remote_evidence(env: Mapping[str, str], windows_remote_session: bool = False) -> list[str]:
    """What says 'the trainee is not at this PC's own screen and keyboard'."""
    evidence = []
    if windows_remote_session:
        evidence.append("SM_REMOTESESSION")
    session = env.get("SESSIONNAME", "")
    if session.upper().startswith("RDP-"):
        evidence.append(f"SESSIONNAME={session}")
    for name in ("SSH_CONNECTION", "SSH_CLIENT", "XRDP_SESSION", "NX_CLIENT"):
        if env.get(name):
            evidence.append(name)
    # ":0" and "unix:0" are this PC's own screen; "localhost:10.0" (ssh -X) or
    # "host:0" are another's.
    display = env.get("DISPLAY", "")
    host = display.rsplit(":", 1)[0] if ":" in display else ""
    if host and host != "unix":
        evidence.append(f"DISPLAY={display}")
    return evidence


def read_linux_firmware(root: Path = Path("/")) -> dict[str, str]:
    folder = root / "sys/class/dmi/id"
    strings = {}
    for name in DMI_FILES:
        try:
            strings[name] = (folder / name).read_text(errors="replace")[:200].strip()
        except OSError:
            continue
    return {k: v for k, v in strings.items() if v}


def read_linux_pci_vendors(root: Path = Path("/")) -> list[str]:
    vendors = []
    for path in sorted((root / "sys/bus/pci/devices").glob("*/vendor"))[:500]:
        try:
            vendors.append(path.read_text()[:10].strip())
        except OSError:
            continue
    return vendors


def check_machine() -> tuple[list[str], list[str]]:
    """(virtual-machine evidence, remote-session evidence) of this PC, now."""
    env = dict(os.environ)
    if sys.platform == "win32":
        from app.proctor import win32

        pci = [v for v in map(windows_pci_vendor, win32.pci_device_ids()) if v]
        return (
            vm_evidence(win32.bios_strings(), pci),
            remote_evidence(env, win32.is_remote_session()),
        )
    return vm_evidence(read_linux_firmware(), read_linux_pci_vendors()), remote_evidence(env)
