<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="zh_CN">
<context>
    <name>Application</name>
    <message>
        <source>第一次启动需要准备演示课程视频，大约需要两三分钟，请稍候…</source>
        <translation>The first start prepares the demo lesson videos: this takes two or three minutes, please wait…</translation>
    </message>
</context>
</TS>
