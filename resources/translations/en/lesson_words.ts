<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="zh_CN">
<context>
    <name>LessonTexts</name>
    <message>
        <source>不能拖动到尚未学习的位置。您已学到 %1，后面的内容请按顺序观看。</source>
        <translation>You cannot skip ahead to a part you have not studied. You have studied up to %1; please watch the rest in order.</translation>
    </message>
    <message>
        <source>学习视频只能以正常速度（1倍速）播放。</source>
        <translation>Lesson videos play at normal speed (1x) only.</translation>
    </message>
    <message>
        <source>窗口已最小化或切换到其他程序，视频已暂停，这段时间不计入学时。回到本窗口后请点击“播放”继续。</source>
        <translation>The window was minimised or another program was in front, so the video paused and this time is not counted. Come back to this window and press &quot;Play&quot; to continue.</translation>
    </message>
    <message>
        <source>没有看到您的脸时播放的内容不计入学时，已退回到 %1 继续学习。</source>
        <translation>What played while your face was not seen does not count; the video went back to %1 so you can watch it again.</translation>
    </message>
    <message>
        <source>请先完成人脸识别，通过后才能继续播放。</source>
        <translation>Please complete the face check first; the video continues once it passes.</translation>
    </message>
    <message>
        <source>视频链接已过期，正在重新获取，请稍候。</source>
        <translation>The video link expired; getting a new one, please wait.</translation>
    </message>
    <message>
        <source>网络连接中断，视频无法继续播放。请检查网络后点击“播放”，学习记录已保存。</source>
        <translation>The network connection dropped and the video stopped. Check the network and press &quot;Play&quot;; your study record is saved.</translation>
    </message>
    <message>
        <source>找不到这个课时的视频文件，请在课程列表中重新下载。</source>
        <translation>This lesson&apos;s video file is missing. Please download it again from the lessons list.</translation>
    </message>
    <message>
        <source>视频文件已损坏，无法播放。请重新下载课时，或致电 %1 求助。</source>
        <translation>The video file is damaged and cannot play. Please download the lesson again, or call %1 for help.</translation>
    </message>
    <message>
        <source>有一分钟没有看到您的脸，视频已暂停，请重新进行人脸识别。</source>
        <translation>Your face was not seen for a minute, so the video paused. Please do a face check again.</translation>
    </message>
    <message>
        <source>画面中有不止一个人，视频已暂停，请本人重新进行人脸识别。</source>
        <translation>More than one person is in view, so the video paused. Please do a face check again, on your own.</translation>
    </message>
    <message>
        <source>需要再次确认是本人在学习，视频已暂停，请进行人脸识别。</source>
        <translation>We need to confirm again that it is you studying; the video paused. Please do a face check.</translation>
    </message>
    <message>
        <source>播放速度不正常</source>
        <translation>playback ran faster than normal speed</translation>
    </message>
    <message>
        <source>跳过了尚未学习的内容</source>
        <translation>it skipped a part not yet studied</translation>
    </message>
    <message>
        <source>没有通过人脸识别</source>
        <translation>no passed face check</translation>
    </message>
    <message>
        <source>人脸识别未通过</source>
        <translation>a face check failed</translation>
    </message>
    <message>
        <source>学习期限已结束</source>
        <translation>the study period is over</translation>
    </message>
    <message>
        <source>账号已在其他设备登录</source>
        <translation>the account signed in on another device</translation>
    </message>
    <message>
        <source>记录不完整</source>
        <translation>the record was incomplete</translation>
    </message>
    <message>
        <source>有 %1 段学习记录没有计入学时（原因：%2）。</source>
        <translation>%1 stretch(es) of study were not credited (reason: %2).</translation>
    </message>
    <message>
        <source>学习记录会先保存在本机，再自动上传。</source>
        <translation>Your study record is saved on this PC first, then uploaded automatically.</translation>
    </message>
    <message>
        <source>学习记录已保存在本机，重新登录后上传。</source>
        <translation>Your study record is saved on this PC; it uploads after you sign in again.</translation>
    </message>
    <message>
        <source>学习记录已保存在本机，暂时无法连接服务器，联网后自动上传。</source>
        <translation>Your study record is saved on this PC. The server cannot be reached now; it uploads automatically when the network is back.</translation>
    </message>
    <message>
        <source>学习记录已保存在本机，正在上传…</source>
        <translation>Your study record is saved on this PC and uploading…</translation>
    </message>
    <message>
        <source>学习记录已上传</source>
        <translation>Study record uploaded</translation>
    </message>
    <message>
        <source>（%1）</source>
        <translation> (%1)</translation>
    </message>
</context>
</TS>
