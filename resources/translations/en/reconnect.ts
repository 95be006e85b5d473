<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="zh_CN">
<context>
    <name>Reconnect</name>
    <message>
        <source>已连接服务器，但您的密码已经修改过，请用新密码登录。学习记录保存在本机，登录后自动上传。</source>
        <translation>The server is back, but your password has been changed since: please log in with the new password. Your study records are kept on this PC and sent once you log in.</translation>
    </message>
</context>
</TS>
