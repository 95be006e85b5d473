<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="zh_CN">
<context>
    <name>Lessons</name>
    <message>
        <source>课程学习 - %1</source>
        <translation>Lessons - %1</translation>
    </message>
    <message>
        <source>总学习进度</source>
        <translation>Total progress</translation>
    </message>
    <message>
        <source>开始学习</source>
        <translation>Start</translation>
    </message>
    <message>
        <source>暂时无法连接服务器。下面是上次的课程信息，已下载的课时可以离线学习，学习记录会在联网后自动上传。</source>
        <translation>The server cannot be reached now. This is the lesson information from last time: downloaded lessons can be studied offline, and your study record uploads automatically when the network is back.</translation>
    </message>
    <message>
        <source>学习期限：%1 至 %2</source>
        <translation>Study period: %1 to %2</translation>
    </message>
    <message>
        <source>缴费后开始计算学习期限（30 天）</source>
        <translation>The 30-day study period starts when payment succeeds</translation>
    </message>
    <message>
        <source>剩余 %1 天</source>
        <translation>%1 days left</translation>
    </message>
    <message>
        <source>全部课时已学完</source>
        <translation>All lessons complete</translation>
    </message>
    <message>
        <source>可回到首页参加考试；也可点击下方课时复习。</source>
        <translation>You can take the exam from the home screen, or review any lesson below.</translation>
    </message>
    <message>
        <source>继续学习：%1</source>
        <translation>Continue: %1</translation>
    </message>
    <message>
        <source>开始学习：%1</source>
        <translation>Start: %1</translation>
    </message>
    <message>
        <source>这一课没有下载，联网后才能学习。</source>
        <translation>This lesson is not downloaded: it can be studied once you are online.</translation>
    </message>
    <message>
        <source>这个项目还没有缴费，缴费成功后才能学习。请在首页按缴费说明完成缴费。</source>
        <translation>This enrollment is not paid yet. You can study once payment succeeds; see how to pay on the home screen.</translation>
    </message>
    <message>
        <source>30 天学习期限已经结束，课程已关闭。请在首页“申请”中申请延期，审核通过后可继续学习。</source>
        <translation>The 30-day study period is over and the lessons are closed. Apply for an extension under &quot;Applications&quot; on the home screen; once approved you can study again.</translation>
    </message>
    <message>
        <source>暂时不能学习，原因见上方说明。</source>
        <translation>Studying is not possible now; see the reason above.</translation>
    </message>
</context>
</TS>
