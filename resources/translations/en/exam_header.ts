<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="zh_CN">
<context>
    <name>ExamWindow</name>
    <message>
        <source>第 %1 次考试&#x3000;时长 %2 分钟</source>
        <translation>Attempt %1 · %2 minutes</translation>
    </message>
    <message>
        <source>已答 %1 / %2 题</source>
        <translation>Answered %1 / %2</translation>
    </message>
</context>
</TS>
