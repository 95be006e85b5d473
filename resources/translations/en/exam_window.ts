<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="zh_CN">
<context>
    <name>ExamWindow</name>
    <message>
        <source>考试</source>
        <translation>Exam</translation>
    </message>
    <message>
        <source>上一题</source>
        <translation>Previous</translation>
    </message>
    <message>
        <source>下一题</source>
        <translation>Next</translation>
    </message>
    <message>
        <source>交卷</source>
        <translation>Submit</translation>
    </message>
    <message>
        <source>退出考试</source>
        <translation>Leave exam</translation>
    </message>
    <message>
        <source>答题卡（绿色为已答）</source>
        <translation>Questions (green = answered)</translation>
    </message>
    <message>
        <source>正在保存…</source>
        <translation>Saving…</translation>
    </message>
    <message>
        <source>已保存在本机</source>
        <translation>Saved on this computer</translation>
    </message>
    <message>
        <source>暂时无法连接服务器。答案已保存在本机，联网后自动上传。</source>
        <translation>The server cannot be reached. Your answers are saved on this computer and will be sent when the network is back.</translation>
    </message>
    <message>
        <source>已保存</source>
        <translation>Saved</translation>
    </message>
    <message>
        <source>未能保存，请重新选择</source>
        <translation>Not saved; please choose again</translation>
    </message>
</context>
</TS>
