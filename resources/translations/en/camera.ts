<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="zh_CN">
<context>
    <name>Camera</name>
    <message>
        <source>检测到虚拟摄像头（%1），人脸识别不能使用虚拟摄像头。请关闭虚拟摄像头软件，接上真实的摄像头后重试。</source>
        <translation>A virtual camera was found (%1). Face checks cannot use a virtual camera. Please close the virtual camera software, connect a real camera and try again.</translation>
    </message>
    <message>
        <source>摄像头断开了。请检查摄像头的连接线，或关闭正在使用摄像头的其他软件，然后重试。</source>
        <translation>The camera was disconnected. Please check the camera cable, or close other software using the camera, then try again.</translation>
    </message>
    <message>
        <source>没有找到可用的摄像头。请接上摄像头，并关闭正在使用摄像头的其他软件（如视频聊天），然后重试。</source>
        <translation>No usable camera was found. Please connect a camera and close other software using it (such as video chat), then try again.</translation>
    </message>
</context>
</TS>