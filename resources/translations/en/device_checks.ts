<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="zh_CN">
<context>
    <name>SelfCheck</name>
    <message>
        <source>摄像头</source>
        <translation>Camera</translation>
    </message>
    <message>
        <source>视频播放</source>
        <translation>Video playback</translation>
    </message>
    <message>
        <source>服务器连接</source>
        <translation>Server connection</translation>
    </message>
    <message>
        <source>显示器</source>
        <translation>Displays</translation>
    </message>
    <message>
        <source>磁盘空间</source>
        <translation>Disk space</translation>
    </message>
    <message>
        <source>中文字体</source>
        <translation>Chinese font</translation>
    </message>
    <message>
        <source>请重新安装本软件；仍有问题请致电 {line}。</source>
        <translation>Please reinstall this software; if the problem remains, call {line}.</translation>
    </message>
    <message>
        <source>这是虚拟摄像头（{name}），人脸识别时不能使用，请接上真实的摄像头。</source>
        <translation>This is a virtual camera ({name}), which cannot be used for face checks. Please connect a real camera.</translation>
    </message>
    <message>
        <source>人脸识别组件无法运行。</source>
        <translation>The face recognition component cannot run.</translation>
    </message>
    <message>
        <source>未找到摄像头，请检查摄像头是否插好，或是否被其他程序占用。</source>
        <translation>No camera found. Check that the camera is plugged in and not in use by another program.</translation>
    </message>
    <message>
        <source>摄像头正常，但没有看清您的脸：请正对摄像头，保持光线充足。</source>
        <translation>The camera works, but we could not see your face clearly: face the camera in good light.</translation>
    </message>
    <message>
        <source>摄像头正常，已看清您的脸。</source>
        <translation>The camera works and your face is clearly visible.</translation>
    </message>
    <message>
        <source>无法连接服务器，请检查网络连接后重新检测。</source>
        <translation>Cannot reach the server. Check the network connection, then check again.</translation>
    </message>
    <message>
        <source>服务器连接正常，但电脑时间与服务器相差约 {minutes} 分钟，请把电脑时间设为自动同步。</source>
        <translation>The server connection works, but this computer&apos;s clock is about {minutes} minutes off the server&apos;s. Please set the clock to synchronise automatically.</translation>
    </message>
    <message>
        <source>服务器连接正常。</source>
        <translation>The server connection works.</translation>
    </message>
    <message>
        <source>磁盘空间充足（剩余 {free} MB）。</source>
        <translation>Enough disk space ({free} MB free).</translation>
    </message>
    <message>
        <source>磁盘空间不足（剩余 {free} MB），请清理磁盘，至少留出 1 GB。</source>
        <translation>Not enough disk space ({free} MB free). Please free at least 1 GB.</translation>
    </message>
    <message>
        <source>视频无法播放。</source>
        <translation>Videos cannot be played.</translation>
    </message>
    <message>
        <source>视频播放正常。</source>
        <translation>Video playback works.</translation>
    </message>
    <message>
        <source>视频播放正常（未找到 VLC 播放组件，已改用系统自带的播放组件）。</source>
        <translation>Video playback works (VLC was not found; the system&apos;s own player component is used instead).</translation>
    </message>
    <message>
        <source>未检测到显示器。</source>
        <translation>No display detected.</translation>
    </message>
    <message>
        <source>显示器正常。</source>
        <translation>The display works.</translation>
    </message>
    <message>
        <source>连接了 {count} 个显示器。考试时只能使用一个，请在考试前拔掉多余的显示器。</source>
        <translation>{count} displays are connected. Only one may be used during the exam: unplug the others before it.</translation>
    </message>
    <message>
        <source>中文字体正常。</source>
        <translation>The Chinese font is present.</translation>
    </message>
    <message>
        <source>缺少中文字体，界面文字可能显示为方框，请安装中文字体。</source>
        <translation>No Chinese font is installed; text may show as boxes. Please install a Chinese font.</translation>
    </message>
    <message>
        <source>检测时出错。</source>
        <translation>The check failed with an error.</translation>
    </message>
</context>
</TS>
