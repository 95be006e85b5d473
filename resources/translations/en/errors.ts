<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="zh_CN">
<context>
    <name>Errors</name>
    <message>
        <source>本机出现问题（%1），请重试。</source>
        <translation>This PC has a problem (%1). Please try again.</translation>
    </message>
    <message>
        <source>程序出现意外问题，请重试。</source>
        <translation>Something unexpected went wrong. Please try again.</translation>
    </message>
    <message>
        <source>电脑磁盘空间已满，学习记录无法保存。请删除不用的文件后继续学习；已保存的记录不受影响。</source>
        <translation>The disk is full, so your study record cannot be saved. Delete files you no longer need, then carry on; what is already saved is not affected.</translation>
    </message>
    <message>
        <source>提示</source>
        <translation>Notice</translation>
    </message>
    <message>
        <source>代码：%1</source>
        <translation>Code: %1</translation>
    </message>
    <message>
        <source>知道了</source>
        <translation>OK</translation>
    </message>
</context>
</TS>
