<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="zh_CN">
<context>
    <name>FaceCheck</name>
    <message>
        <source>人脸识别</source>
        <translation>Face check</translation>
    </message>
    <message>
        <source>摄像头画面</source>
        <translation>Camera picture</translation>
    </message>
    <message>
        <source>剩余秒数</source>
        <translation>Seconds left</translation>
    </message>
    <message>
        <source>重试</source>
        <translation>Try again</translation>
    </message>
    <message>
        <source>设置本人照片</source>
        <translation>Set your photo</translation>
    </message>
    <message>
        <source>阅读人脸信息处理同意书</source>
        <translation>Read the face data consent</translation>
    </message>
    <message>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>识别通过</source>
        <translation>Check passed</translation>
    </message>
    <message>
        <source>暂未联网，联网后由系统复核。</source>
        <translation>Not online yet; the system will re-check once online.</translation>
    </message>
    <message>
        <source>识别没有通过</source>
        <translation>Check not passed</translation>
    </message>
    <message>
        <source>暂时无法完成识别</source>
        <translation>The check cannot be completed right now</translation>
    </message>
    <message>
        <source>摄像头不能使用</source>
        <translation>The camera cannot be used</translation>
    </message>
</context>
</TS>
