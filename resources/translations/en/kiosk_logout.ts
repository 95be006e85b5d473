<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="zh_CN">
<context>
    <name>KioskLogout</name>
    <message>
        <source>退出登录</source>
        <translation>Log out</translation>
    </message>
    <message>
        <source>正在上传您的学习记录，请稍候……</source>
        <translation>Uploading your study records, please wait…</translation>
    </message>
    <message>
        <source>知道了</source>
        <translation>OK</translation>
    </message>
    <message>
        <source>暂时无法连接服务器，还有 %1 条学习记录没有上传。记录已保存在这台电脑上，下次您在这台电脑登录时会自动上传，不会丢失。如有疑问请致电 %2。</source>
        <translation>The server cannot be reached right now; %1 study records have not been uploaded. They are kept on this PC and will be uploaded automatically the next time you log in on this PC; nothing is lost. Questions: call %2.</translation>
    </message>
</context>
</TS>
