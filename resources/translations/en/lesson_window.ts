<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="zh_CN">
<context>
    <name>LessonWindow</name>
    <message>
        <source>播放</source>
        <translation>Play</translation>
    </message>
    <message>
        <source>暂停</source>
        <translation>Pause</translation>
    </message>
    <message>
        <source>已学到 %1</source>
        <translation>Studied up to %1</translation>
    </message>
    <message>
        <source>播放位置</source>
        <translation>Playback position</translation>
    </message>
    <message>
        <source>正在播放本机下载的视频。</source>
        <translation>Playing the video downloaded to this PC.</translation>
    </message>
</context>
</TS>
