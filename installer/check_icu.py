"""Checks that the ICU data a bundle ships is enough for what Qt asks ICU for.

libQt6Core calls ICU for exactly four things (nm -D --undefined-only libQt6Core.so.6:
ucol_*, ucnv_*, u_strToUpper/u_strToLower, ucal_getTimeZoneDisplayName and
ucal_getCanonicalTimeZoneID); QLocale's number and date formats and line breaking come
from Qt's own tables. Each is exercised here in Chinese (and English), so an ICU data
file cut too far fails the check. Run with the bundle's Qt libraries first on
LD_LIBRARY_PATH (check_bundle.sh does): this script refuses to pass on another ICU.

Usage: LD_LIBRARY_PATH=<bundle>/_internal/PySide6/Qt/lib python check_icu.py <bundle>
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import (
    QBuffer,
    QByteArray,
    QCollator,
    QDate,
    QIODevice,
    QLocale,
    QStringConverter,
    QStringEncoder,
    QTextBoundaryFinder,
    QTimeZone,
    QXmlStreamReader,
)


def loaded_icu_data() -> Path:
    maps = Path("/proc/self/maps").read_text().splitlines()
    paths = {line.split()[-1] for line in maps if "libicudata" in line}
    if len(paths) != 1:
        sys.exit(f"check_icu: expected one libicudata mapped, found {sorted(paths)}")
    return Path(paths.pop()).resolve()


def main() -> int:
    bundle = Path(sys.argv[1]).resolve()
    problems: list[str] = []

    def expect(what: str, got: object, wanted: object) -> None:
        if got != wanted:
            problems.append(f"{what}: got {got!r}, wanted {wanted!r}")

    # Collation: Chinese names sort by pinyin (zh tailoring), not by code point (root).
    names = ["张三", "赵六", "王五", "李四"]
    zh = QCollator(QLocale("zh_CN"))
    expect("QCollator zh_CN", sorted(names, key=zh.sortKey), ["李四", "王五", "张三", "赵六"])
    expect("QCollator zh_CN compare", zh.compare("李", "张") < 0, True)
    en = QCollator(QLocale("en_US"))
    expect("QCollator en_US", sorted(["b", "B", "a", "Ä"], key=en.sortKey), ["a", "Ä", "b", "B"])

    # Time-zone names (QTimeZone asks ICU for localized names).
    shanghai = QTimeZone(b"Asia/Shanghai")
    long_name = QTimeZone.NameType.LongName
    standard = QTimeZone.TimeType.StandardTime
    expect(
        "time zone zh", shanghai.displayName(standard, long_name, QLocale("zh_CN")), "中国标准时间"
    )
    expect(
        "time zone en",
        shanghai.displayName(standard, long_name, QLocale("en_US")),
        "China Standard Time",
    )

    # Case mapping (ICU's full mapping: ß -> SS).
    expect("toUpper", QLocale("en_US").toUpper("straße 证书"), "STRASSE 证书")
    expect("toLower", QLocale("zh_CN").toLower("ÉCOLE 学时"), "école 学时")

    # Converters: UTF-8 and the Chinese legacy encodings a file from a training centre may
    # use. PySide6 binds no QStringDecoder.decode(): QXmlStreamReader decodes the document
    # by its declared encoding through the same converters; an encoder opens the table.
    text = "建筑施工人员继续教育：张三，学时 24。"
    for encoding in ("UTF-8", "GB18030", "GBK", "GB2312", "Big5"):
        sample = text if encoding != "Big5" else "建築施工人員繼續教育"
        python_codec = "gbk" if encoding == "GB2312" else encoding.lower()
        if encoding == "GB2312":
            sample = "建筑施工人员继续教育，张三"
        document = f'<?xml version="1.0" encoding="{encoding}"?><t>{sample}</t>'
        buffer = QBuffer()
        buffer.setData(QByteArray(document.encode(python_codec)))
        buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        reader = QXmlStreamReader(buffer)
        decoded = ""
        while not reader.atEnd():
            if reader.readNext() == QXmlStreamReader.TokenType.Characters:
                decoded += reader.text()
        expect(f"{encoding} decoding ({reader.errorString() or 'no error'})", decoded, sample)
        expect(f"{encoding} encoder", QStringEncoder(encoding).isValid(), True)
    expect("GBK known", "GBK" in QStringConverter.availableCodecs(), True)

    # Qt's own parts, for completeness: date formats and line breaking.
    date = QLocale("zh_CN").toString(QDate(2026, 11, 24), QLocale.FormatType.LongFormat)
    expect("zh_CN date", date.startswith("2026年11月24日"), True)
    label = "请在规定时间内完成全部课程学习并通过在线考试，否则学时不予认定。" * 2
    finder = QTextBoundaryFinder(QTextBoundaryFinder.BoundaryType.Line, label)
    breaks = 0
    while finder.toNextBoundary() != -1:
        breaks += 1
    expect("line breaks in a Chinese label", breaks >= len(label) // 2, True)

    icu = loaded_icu_data()
    expect("ICU data from the bundle", icu.is_relative_to(bundle), True)
    if problems:
        print("check_icu: FAIL\n  " + "\n  ".join(problems))
        return 1
    print(
        f"check_icu: collation, time-zone names, case mapping, converters ok with "
        f"{icu.relative_to(bundle)} ({icu.stat().st_size / 2**20:.1f} MB)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
