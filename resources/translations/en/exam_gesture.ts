<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="zh_CN">
<context>
    <name>ExamGesture</name>
    <message>
        <source>人脸核对：%1</source>
        <translation>Face check: %1</translation>
    </message>
</context>
</TS>
