<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="zh_CN">
<context>
    <name>FaceCheck</name>
    <message>
        <source>开始学习前，请进行人脸识别。</source>
        <translation>Before studying, please complete a face check.</translation>
    </message>
    <message>
        <source>学习中途需要再次确认是本人，请进行人脸识别。</source>
        <translation>We need to confirm it is still you. Please complete a face check.</translation>
    </message>
    <message>
        <source>考试需要确认是本人，请进行人脸识别。</source>
        <translation>The exam needs to confirm it is you. Please complete a face check.</translation>
    </message>
    <message>
        <source>请对着摄像头，确认照片是您本人。</source>
        <translation>Please face the camera to confirm the photo is you.</translation>
    </message>
    <message>
        <source>正在打开摄像头，请稍候……</source>
        <translation>Opening the camera, please wait…</translation>
    </message>
    <message>
        <source>没有看到您的脸，请正对摄像头。</source>
        <translation>We cannot see your face. Please face the camera.</translation>
    </message>
    <message>
        <source>画面中有不止一个人，请只让本人在镜头前。</source>
        <translation>More than one person is in view. Please be alone in front of the camera.</translation>
    </message>
    <message>
        <source>请看着摄像头，保持不动。</source>
        <translation>Please look at the camera and hold still.</translation>
    </message>
    <message>
        <source>请眨眼</source>
        <translation>Please blink</translation>
    </message>
    <message>
        <source>请缓慢向左转头</source>
        <translation>Please turn your head slowly to the left</translation>
    </message>
    <message>
        <source>请缓慢向右转头</source>
        <translation>Please turn your head slowly to the right</translation>
    </message>
    <message>
        <source>正在确认，请稍候……</source>
        <translation>Checking, please wait…</translation>
    </message>
    <message>
        <source>无法连接服务器，这台电脑上没有您的照片信息，暂时无法识别。请检查网络后重试。</source>
        <translation>Cannot reach the server, and this PC does not have your photo data, so the check cannot be done now. Please check the network and try again.</translation>
    </message>
    <message>
        <source>请先阅读人脸信息处理同意书</source>
        <translation>Please read the face data consent first</translation>
    </message>
    <message>
        <source>人脸识别需要您本人同意。同意后即可开始识别；不同意也可以到培训点由工作人员核验身份后学习（人工核验）。</source>
        <translation>The face check needs your own consent. Once you agree the check starts; if you do not agree, you can still study at a training centre where staff check your identity (supervised study).</translation>
    </message>
    <message>
        <source>人脸识别问题请致电 %1</source>
        <translation>For face check problems, call %1</translation>
    </message>
</context>
</TS>
