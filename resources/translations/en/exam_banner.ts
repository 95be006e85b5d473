<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="zh_CN">
<context>
    <name>ExamBanner</name>
    <message>
        <source>摄像头没有看到您，请正对摄像头作答。已记录。</source>
        <translation>The camera cannot see you; please face the camera. This has been recorded.</translation>
    </message>
    <message>
        <source>画面中有不止一个人，请只让本人在镜头前。已记录。</source>
        <translation>More than one person is in view; only you may be in front of the camera. This has been recorded.</translation>
    </message>
    <message>
        <source>人脸核对与本人照片不一致，已记录。请本人参加考试。</source>
        <translation>The face check did not match your photo; this has been recorded. Only you may take the exam.</translation>
    </message>
    <message>
        <source>已记录一次考试异常。</source>
        <translation>An exam incident has been recorded.</translation>
    </message>
    <message>
        <source>考试中不能运行以下程序：%1。这已被记录，请立即关闭。</source>
        <translation>These programs may not run during the exam: %1. This has been recorded; close them now.</translation>
    </message>
    <message>
        <source>程序已关闭，请继续作答。</source>
        <translation>The program has closed. Please go on with the exam.</translation>
    </message>
    <message>
        <source>您离开了考试窗口，这已被记录。请留在考试窗口内作答。</source>
        <translation>You left the exam window; this has been recorded. Please stay in the exam window.</translation>
    </message>
    <message>
        <source>考试时间到，正在按已保存的答案交卷…</source>
        <translation>Time is up; submitting the saved answers…</translation>
    </message>
    <message>
        <source>正在交卷…</source>
        <translation>Submitting…</translation>
    </message>
    <message>
        <source>暂时无法连接服务器，还没有交卷。答案都已保存在本机，联网后会自动交卷。</source>
        <translation>The server cannot be reached, so the exam is not submitted yet. Your answers are saved on this computer; it will be submitted by itself once the network is back.</translation>
    </message>
    <message>
        <source>暂时无法连接服务器，现在不能退出考试。断网不算离开考试：答案已保存，联网后可继续作答。</source>
        <translation>The server cannot be reached, so the exam cannot be left now. A lost network is not leaving: your answers are saved and you can continue once connected.</translation>
    </message>
</context>
</TS>
