<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="zh_CN">
<context>
    <name>LessonFace</name>
    <message>
        <source>工作人员 %1 监督学习中，不需要人脸识别</source>
        <translation>Supervised by staff member %1: no face check needed</translation>
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
        <source>人脸识别没有通过，通过后才能继续学习。</source>
        <translation>The face check did not pass. You can continue once it passes.</translation>
    </message>
</context>
</TS>
