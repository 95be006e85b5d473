"""Cuts Qt's ICU data library (libicudata.so.NN, 31 MB) to what cedu's Qt needs.

libQt6Core calls ICU only for collation (QCollator), text converters (QStringConverter
by name), case mapping (QLocale::toUpper/toLower) and time-zone names and IDs (QTimeZone);
see check_icu.py, which proves the cut data still does all four in Chinese and English.
The library is one symbol, icudtNN_dat: an ICU "common data" package (a table of item
names and offsets, then the items). This keeps the items those four need for root, zh*
and en*, drops the rest (other languages' locale data, currency/language/region/unit
display names, break-iterator dictionaries, transliterators, spell-out rules, the IBM
and other legacy converters but the Chinese and Western ones), and links a new library
with the same name and symbol (gcc: build-essential, already in scripts/setup).

Usage: icu_data.py <bundle>/_internal <scratch folder>   (prints the MB before and after)
"""

from __future__ import annotations

import re
import struct
import subprocess
import sys
from pathlib import Path

# Locale-shaped item names ("zh_Hans_CN", "en_001"); everything else (root, pool,
# res_index, likelySubtags, supplementalData, zoneinfo64, ucadata...) is shared data.
LOCALE = re.compile(r"[a-z]{2,3}(_[A-Za-z0-9]+)*")
KEPT_LANGUAGES = ("zh", "en")
# Folders of the package whose data Qt's four uses read (region: time-zone names by
# country, "中国时间"). Not: brkitr, curr, lang, rbnf, translit, unit.
KEPT_FOLDERS = ("", "coll", "zone", "region")
# Converters other than the algorithmic ones built into libicuuc (UTF-*, Latin-1, ASCII):
# Chinese (GB18030, GBK = windows-936, GB2312 = EUC-CN ibm-1383, HZ and ISO-2022-CN use
# those, Big5 = windows-950) and the Western code pages Windows and ISO files use.
KEPT_CONVERTERS = re.compile(
    r"gb18030|windows-9(36|50)-2000|ibm-1383_P110-1999|ibm-1386_P100-2001|ibm-950_P110-1999"
    r"|ibm-1373_P100-2002"
    r"|ibm-5478_P100-1995"
    r"|ibm-9(13|14|15|20|23)_P100-1995|ibm-912_P100-1995|iso-8859_\w+|ibm-125\d_P\w+"
    r"|ibm-5348_P100-1997|ibm-8859_\w+|ibm-9005_X110-2007|ibm-9447_P100-2002"
    r"|ibm-9448_X100-2005|ibm-9449_P100-2002|ibm-1252_P100-2000|ibm-1250_P100-1995"
    r"|ibm-1251_P100-1995|windows-125\d-2000|ibm-437_P100-1995|ibm-4909_P100-1999"
)
# Top-level files by type: keep the converter alias table and normalization data;
# character names (unames.icu), stringprep profiles and confusables are never used.
DROPPED_TOP_LEVEL = re.compile(r"unames\.icu|.*\.spp|.*\.cfu")


def kept(item: str) -> bool:
    """`item` is a name in the package without its prefix: "coll/zh.res", "gb18030.cnv"."""
    folder, _, name = item.rpartition("/")
    if folder not in KEPT_FOLDERS:
        return False
    stem, _, kind = name.rpartition(".")
    if kind == "cnv":
        return bool(KEPT_CONVERTERS.fullmatch(stem))
    if DROPPED_TOP_LEVEL.fullmatch(name):
        return False
    if kind == "res" and LOCALE.fullmatch(stem) and stem != "root":
        return stem.split("_")[0] in KEPT_LANGUAGES
    return True


def data_symbol(library: Path) -> tuple[str, int, int]:
    """The icudtNN_dat symbol: its name, file offset and size."""
    symbols = subprocess.run(
        ["readelf", "-W", "--dyn-syms", str(library)], capture_output=True, text=True, check=True
    ).stdout
    # Value, size (decimal, or hex when large), type, binding, visibility, section, name.
    found = re.search(
        r"\s([0-9a-f]+)\s+(0x[0-9a-f]+|\d+)\s+OBJECT\s.*\s(icudt\d+_dat)$", symbols, re.M
    )
    if not found:
        raise SystemExit(f"icu_data: no icudtNN_dat symbol in {library}")
    address, size, name = int(found[1], 16), int(found[2], 0), found[3]
    segments = subprocess.run(
        ["readelf", "-W", "-l", str(library)], capture_output=True, text=True, check=True
    ).stdout
    for line in segments.splitlines():
        fields = line.split()
        if fields[:1] == ["LOAD"]:
            offset, vaddr, filesz = int(fields[1], 16), int(fields[2], 16), int(fields[4], 16)
            if vaddr <= address < vaddr + filesz:
                return name, address - vaddr + offset, size
    raise SystemExit(f"icu_data: {name} is in no loaded segment of {library}")


def filtered_package(package: bytes) -> tuple[bytes, int, int]:
    """The package with only the kept items; and the item counts before and after."""
    header_size = struct.unpack_from("<H", package, 0)[0]
    if package[2:4] != b"\xda\x27" or package[12:16] != b"CmnD":
        raise SystemExit("icu_data: not an ICU common data package")
    count = struct.unpack_from("<I", package, header_size)[0]
    entries = [struct.unpack_from("<II", package, header_size + 4 + 8 * i) for i in range(count)]
    names = [package[header_size + n : package.index(b"\0", header_size + n)] for n, _ in entries]
    starts = [header_size + d for _, d in entries] + [len(package)]
    prefix = names[0].split(b"/")[0] + b"/"  # "icudt73l/"
    items = [
        (name, package[starts[i] : starts[i + 1]])
        for i, name in enumerate(names)
        if kept(name[len(prefix) :].decode("ascii"))
    ]
    # Same layout as ICU's icupkg: header, count, (name, data) offsets from the table's
    # start, the names (sorted, as they were: ICU looks them up by binary search), then
    # each item 16-byte aligned.
    table_size = 4 + 8 * len(items)
    name_blob = b"".join(name + b"\0" for name, _ in items)
    data_start = table_size + len(name_blob)
    data_start += -(header_size + data_start) % 16
    table, data = [struct.pack("<I", len(items))], b""
    name_offset = table_size
    for name, item in items:
        table.append(struct.pack("<II", name_offset, data_start + len(data)))
        name_offset += len(name) + 1
        data += item + b"\0" * (-len(item) % 16)
    padding = b"\0" * (data_start - table_size - len(name_blob))
    body = b"".join(table) + name_blob + padding + data
    return package[:header_size] + body, count, len(items)


def main() -> int:
    internal, scratch = Path(sys.argv[1]), Path(sys.argv[2]).resolve()
    libraries = sorted(internal.glob("PySide6/Qt/lib/libicudata.so.*"))
    if len(libraries) != 1:
        raise SystemExit(f"icu_data: expected one libicudata in {internal}, found {libraries}")
    library = libraries[0]
    symbol, offset, size = data_symbol(library)
    package, before, after = filtered_package(library.read_bytes()[offset : offset + size])
    scratch.mkdir(parents=True, exist_ok=True)
    (scratch / "icudata.dat").write_bytes(package)
    (scratch / "icudata.S").write_text(
        f'\t.section .rodata\n\t.globl {symbol}\n\t.type {symbol}, @object\n\t.balign 16\n'
        f'{symbol}:\n\t.incbin "icudata.dat"\n\t.size {symbol}, .-{symbol}\n'
        '\t.section .note.GNU-stack,"",@progbits\n',
        encoding="ascii",
    )
    built = scratch / library.name
    subprocess.run(
        ["gcc", "-shared", "-nostdlib", "-s", f"-Wl,-soname,{library.name}",
         "-o", str(built), "icudata.S"],
        cwd=scratch, check=True,
    )
    old_size = library.stat().st_size
    built.replace(library)
    print(
        f"icu_data: {library.name} {old_size / 2**20:.1f} -> {library.stat().st_size / 2**20:.1f}"
        f" MB ({after} of {before} items kept)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
