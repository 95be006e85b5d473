<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="zh_CN">
<context>
    <name>Password</name>
    <message>
        <source>原密码</source>
        <translation>Current password</translation>
    </message>
    <message>
        <source>新密码</source>
        <translation>New password</translation>
    </message>
    <message>
        <source>再次输入新密码</source>
        <translation>New password again</translation>
    </message>
    <message>
        <source>确认修改</source>
        <translation>Change password</translation>
    </message>
    <message>
        <source>返回登录</source>
        <translation>Back to login</translation>
    </message>
    <message>
        <source>再次输入</source>
        <translation>Again</translation>
    </message>
    <message>
        <source>新密码：8到64个字符，不能全是同一个字符，不能是 12345678，也不能是身份证号的后8位。</source>
        <translation>New password: 8 to 64 characters, not all the same character, not 12345678 and not the last 8 characters of your ID number.</translation>
    </message>
    <message>
        <source>修改密码</source>
        <translation>Change password</translation>
    </message>
    <message>
        <source>请输入原密码和新密码。</source>
        <translation>Enter your current password and a new one. </translation>
    </message>
    <message>
        <source>返回</source>
        <translation>Back</translation>
    </message>
    <message>
        <source>请修改初始密码</source>
        <translation>Please change the initial password</translation>
    </message>
    <message>
        <source>为保护您的学习记录，首次登录需要设置新密码。</source>
        <translation>To protect your study record, set a new password at your first login. </translation>
    </message>
    <message>
        <source>请输入原密码。</source>
        <translation>Enter your current password.</translation>
    </message>
    <message>
        <source>原密码不正确，请重新输入。</source>
        <translation>The current password is not correct. Please enter it again.</translation>
    </message>
    <message>
        <source>请输入新密码。</source>
        <translation>Please enter a new password.</translation>
    </message>
    <message>
        <source>两次输入的新密码不一致。</source>
        <translation>The two new passwords differ.</translation>
    </message>
    <message>
        <source>新密码符合要求。</source>
        <translation>The new password meets the rules.</translation>
    </message>
</context>
</TS>
