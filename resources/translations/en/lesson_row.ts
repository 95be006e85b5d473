<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="zh_CN">
<context>
    <name>LessonRow</name>
    <message>
        <source>重新观看</source>
        <translation>Watch again</translation>
    </message>
    <message>
        <source>继续学习（从 %1 开始）</source>
        <translation>Continue (from %1)</translation>
    </message>
    <message>
        <source>开始学习</source>
        <translation>Start</translation>
    </message>
    <message>
        <source>继续学习</source>
        <translation>Continue</translation>
    </message>
    <message>
        <source>%1秒</source>
        <translation>%1 s</translation>
    </message>
    <message>
        <source>第 %1 课  %2</source>
        <translation>Lesson %1  %2</translation>
    </message>
    <message>
        <source>时长 %1 · %2 学时</source>
        <translation>Length %1 · %2 credit hours</translation>
    </message>
    <message>
        <source>下载，离线学习</source>
        <translation>Download for offline study</translation>
    </message>
    <message>
        <source>取消下载</source>
        <translation>Cancel download</translation>
    </message>
    <message>
        <source>删除下载</source>
        <translation>Delete download</translation>
    </message>
    <message>
        <source>下载进度</source>
        <translation>Download progress</translation>
    </message>
    <message>
        <source>本课学习进度</source>
        <translation>This lesson&apos;s progress</translation>
    </message>
    <message>
        <source>没有下载，联网后才能学习这一课</source>
        <translation>Not downloaded: this lesson can be studied once you are online</translation>
    </message>
    <message>
        <source>已下载，没有网络也能学习</source>
        <translation>Downloaded: you can study without a network</translation>
    </message>
    <message>
        <source>正在下载…</source>
        <translation>Downloading…</translation>
    </message>
    <message>
        <source>已下载一部分，点击继续下载</source>
        <translation>Partly downloaded: press to continue</translation>
    </message>
    <message>
        <source>继续下载</source>
        <translation>Continue download</translation>
    </message>
    <message>
        <source>正在下载… %1 / %2 MB</source>
        <translation>Downloading… %1 / %2 MB</translation>
    </message>
    <message>
        <source>下载完成，已校验，没有网络也能学习</source>
        <translation>Downloaded and checked: you can study without a network</translation>
    </message>
    <message>
        <source>已取消下载，下次可接着下载</source>
        <translation>Download cancelled; it continues from here next time</translation>
    </message>
    <message>
        <source>下载的视频文件不完整或已损坏，已删除。请重新下载。</source>
        <translation>The downloaded video was incomplete or damaged and has been deleted. Please download it again.</translation>
    </message>
    <message>
        <source>磁盘空间不足，无法下载。请清理磁盘后再试。</source>
        <translation>Not enough disk space to download. Please free some space and try again.</translation>
    </message>
</context>
</TS>
