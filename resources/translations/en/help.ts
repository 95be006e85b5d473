<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="zh_CN">
<context>
    <name>Help</name>
    <message>
        <source>软件安装、登录、人脸识别、考试、延期、补考</source>
        <translation>Installing, login, face checks, exam, extension, retake</translation>
    </message>
    <message>
        <source>继续教育学习问题</source>
        <translation>Continuing-education questions</translation>
    </message>
    <message>
        <source>缴费系统登录与缴费</source>
        <translation>Payment system login and payment</translation>
    </message>
    <message>
        <source>证书查询、证书类别、报名</source>
        <translation>Certificates, categories, registration</translation>
    </message>
    <message>
        <source>发票查询</source>
        <translation>Invoices</translation>
    </message>
    <message>
        <source>帮助</source>
        <translation>Help</translation>
    </message>
    <message>
        <source>遇到问题可以拨打以下电话</source>
        <translation>If you need help, call</translation>
    </message>
    <message>
        <source>学习流程：登录 → 设置本人照片 → 人脸识别 → 看完全部课程 → 参加考试 → 打印学时证明。</source>
        <translation>The way through: log in → set your photo → face check → watch every lesson → take the exam → print the study-hours receipt.</translation>
    </message>
    <message>
        <source>关闭</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>cedu 继续教育学习客户端 版本 %1</source>
        <translation>cedu continuing-education client, version %1</translation>
    </message>
    <message>
        <source>服务器：%1</source>
        <translation>Server: %1</translation>
    </message>
    <message>
        <source>关于</source>
        <translation>About</translation>
    </message>
    <message>
        <source>建设行业继续教育</source>
        <translation>Construction continuing education</translation>
    </message>
</context>
</TS>
