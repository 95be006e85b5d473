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
        <source>人脸识别没有通过，请重试。</source>
        <translation>The face check did not pass. Please try again.</translation>
    </message>
    <message>
        <source>人脸识别通过</source>
        <translation>Face check passed</translation>
    </message>
    <message>
        <source>（%1）</source>
        <translation> (%1)</translation>
    </message>
    <message>
        <source>正在播放本机下载的视频。</source>
        <translation>Playing the video downloaded to this PC.</translation>
    </message>
    <message>
        <source>人脸识别没有通过，通过后才能继续学习。</source>
        <translation>The face check did not pass. You can continue once it passes.</translation>
    </message>
</context>
</TS>
