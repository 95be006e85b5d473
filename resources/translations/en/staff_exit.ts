<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="zh_CN">
<context>
    <name>Shell</name>
    <message>
        <source>管理员退出</source>
        <translation>Staff exit</translation>
    </message>
    <message>
        <source>本机未设置管理员退出密码（CEDU_KIOSK_PIN），请联系培训点管理员。</source>
        <translation>No staff exit PIN is set on this PC (CEDU_KIOSK_PIN). Please ask the training centre&apos;s staff.</translation>
    </message>
    <message>
        <source>请输入管理员密码：</source>
        <translation>Staff PIN:</translation>
    </message>
    <message>
        <source>密码不正确。</source>
        <translation>Wrong PIN.</translation>
    </message>
</context>
</TS>
