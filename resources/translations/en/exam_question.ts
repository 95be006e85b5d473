<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="zh_CN">
<context>
    <name>ExamQuestion</name>
    <message>
        <source>多选题</source>
        <translation>Multiple choice</translation>
    </message>
    <message>
        <source>判断题</source>
        <translation>True or false</translation>
    </message>
    <message>
        <source>单选题</source>
        <translation>Single choice</translation>
    </message>
    <message>
        <source>第 %1 题 / 共 %2 题&#x3000;%3（%4 分）</source>
        <translation>Question %1 of %2 · %3 (%4 points)</translation>
    </message>
    <message>
        <source>可选多项，全部选对才得分。</source>
        <translation>Choose all that apply; points only when every choice is right.</translation>
    </message>
    <message>
        <source>已答</source>
        <translation>answered</translation>
    </message>
    <message>
        <source>未答</source>
        <translation>not answered</translation>
    </message>
    <message>
        <source>第 %1 题，%2</source>
        <translation>Question %1, %2</translation>
    </message>
</context>
</TS>
