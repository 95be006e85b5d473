"""EXAM-7: virtual machines and remote sessions are recognised from evidence a guest
carries (firmware strings, virtual PCI devices, the session's own markers) and never from
what real PCs share with them (the CPU's hypervisor bit under Windows 11's VBS)."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.proctor.machine import (
    read_linux_firmware,
    read_linux_pci_vendors,
    remote_evidence,
    vm_evidence,
    windows_pci_vendor,
)


@pytest.mark.parametrize(
    ("firmware", "expected"),
    [
        ({"sys_vendor": "QEMU", "product_name": "Standard PC (Q35 + ICH9, 2009)"}, "QEMU"),
        ({"SystemManufacturer": "VMware, Inc.", "SystemProductName": "VMware7,1"}, "VMware"),
        ({"sys_vendor": "innotek GmbH", "product_name": "VirtualBox"}, "VirtualBox"),
        ({"SystemManufacturer": "Microsoft Corporation", "SystemProductName": "Virtual Machine"},
         "Hyper-V"),
        ({"sys_vendor": "Xen", "product_name": "HVM domU"}, "Xen"),
        ({"bios_vendor": "Parallels Software International Inc."}, "Parallels"),
    ],
)
def test_virtual_machines_are_named_by_their_firmware(
    firmware: dict[str, str], expected: str
) -> None:
    # RULES: EXAM-7
    evidence = vm_evidence(firmware, [])
    assert evidence and all(f"({expected})" in line for line in evidence[:1]), evidence


@pytest.mark.parametrize(
    "firmware",
    [
        {"SystemManufacturer": "LENOVO", "SystemProductName": "20XW0026CD", "BIOSVendor": "LENOVO"},
        {"SystemManufacturer": "Dell Inc.", "SystemProductName": "OptiPlex 3080"},
        {"SystemManufacturer": "Microsoft Corporation", "SystemProductName": "Surface Laptop 4"},
        {"SystemManufacturer": "HP", "SystemProductName": "HP ProDesk 400 G7 Microtower PC"},
        {"sys_vendor": "To Be Filled By O.E.M.", "board_vendor": "ASRock", "bios_vendor": "AMI"},
        {"SystemProductName": "Xenia Gaming PC", "BaseBoardProduct": "KVMX-B450"},
    ],
)
def test_real_pcs_are_not_virtual_machines(firmware: dict[str, str]) -> None:
    # RULES: EXAM-7: SEB's users complain of real laptops taken for VMs; do not repeat it
    assert vm_evidence(firmware, ["0x8086", "0x10de", "0x10ec"]) == []


def test_virtual_pci_devices_are_evidence_on_both_platforms() -> None:
    assert windows_pci_vendor("VEN_15AD&DEV_0405&SUBSYS_040515AD&REV_00") == "15ad"
    assert windows_pci_vendor("VEN_8086&DEV_9A49") == "8086"
    assert windows_pci_vendor("garbage") is None
    virtio = ["PCI vendor 1af4 (virtio (QEMU/KVM))"]
    assert vm_evidence({}, ["0x1af4", "0x1af4", "0x8086"]) == virtio
    assert vm_evidence({}, ["80ee"]) == ["PCI vendor 80ee (VirtualBox)"]


def test_the_linux_readers_take_dmi_and_pci_from_sysfs(tmp_path: Path) -> None:
    dmi = tmp_path / "sys/class/dmi/id"
    dmi.mkdir(parents=True)
    (dmi / "sys_vendor").write_text("QEMU\n")
    (dmi / "product_name").write_text("\n")
    for slot, vendor in (("0000:00:01.0", "0x1af4"), ("0000:00:02.0", "0x8086")):
        device = tmp_path / "sys/bus/pci/devices" / slot
        device.mkdir(parents=True)
        (device / "vendor").write_text(vendor + "\n")
    assert read_linux_firmware(tmp_path) == {"sys_vendor": "QEMU"}
    assert read_linux_pci_vendors(tmp_path) == ["0x1af4", "0x8086"]
    assert read_linux_firmware(tmp_path / "nothing") == {}


def test_remote_sessions_are_recognised() -> None:
    # RULES: EXAM-7
    assert remote_evidence({}, windows_remote_session=True) == ["SM_REMOTESESSION"]
    assert remote_evidence({"SESSIONNAME": "RDP-Tcp#3"}) == ["SESSIONNAME=RDP-Tcp#3"]
    assert remote_evidence({"SESSIONNAME": "Console"}) == []
    assert remote_evidence({"SSH_CONNECTION": "10.0.0.2 5555 10.0.0.1 22"}) == ["SSH_CONNECTION"]
    assert remote_evidence({"XRDP_SESSION": "1"}) == ["XRDP_SESSION"]
    assert remote_evidence({"DISPLAY": "localhost:10.0"}) == ["DISPLAY=localhost:10.0"]
    for local in (":0", ":99", "unix:0", ""):
        assert remote_evidence({"DISPLAY": local}) == [], local
