<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="zh_CN">
<context>
    <name>Shell</name>
    <message>
        <source>建设行业继续教育</source>
        <translation>Construction continuing education</translation>
    </message>
    <message>
        <source>修改密码</source>
        <translation>Change password</translation>
    </message>
    <message>
        <source>密码已修改，下次登录请使用新密码。</source>
        <translation>Your password has been changed. Use the new password next time you log in.</translation>
    </message>
    <message>
        <source>监督学习已结束，学员已退出登录。</source>
        <translation>The supervised session has ended; the trainee is logged out.</translation>
    </message>
    <message>
        <source>长时间无操作，已自动退出登录。</source>
        <translation>Logged out after a long time without use.</translation>
    </message>
</context>
</TS>
