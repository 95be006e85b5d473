<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="zh_CN">
<context>
    <name>SelfCheck</name>
    <message>
        <source>设备检测</source>
        <translation>Device self-check</translation>
    </message>
    <message>
        <source>正在检测，请稍候……</source>
        <translation>Checking, please wait…</translation>
    </message>
    <message>
        <source>重新检测</source>
        <translation>Check again</translation>
    </message>
    <message>
        <source>关闭</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>正在检测……</source>
        <translation>Checking…</translation>
    </message>
    <message>
        <source>检测通过，这台电脑可以正常学习和考试。</source>
        <translation>All checks passed: this computer is ready for study and exams.</translation>
    </message>
    <message>
        <source>有项目未通过，请按提示处理后点击“重新检测”。</source>
        <translation>Some checks failed. Follow the advice, then click “Check again”.</translation>
    </message>
</context>
</TS>
