<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="zh_CN">
<context>
    <name>ExamPrograms</name>
    <message>
        <source>请关闭以下程序后再开始考试：</source>
        <translation>Close these programs before you start the exam:</translation>
    </message>
    <message>
        <source>关闭后请点“重新检查”。有疑问请致电 %1。</source>
        <translation>Then press “Check again”. Questions: call %1.</translation>
    </message>
</context>
</TS>
