<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="zh_CN">
<context>
    <name>LessonWindow</name>
    <message>
        <source>播放</source>
        <translation>Play</translation>
    </message>
    <message>
        <source>暂停</source>
        <translation>Pause</translation>
    </message>
    <message>
        <source>已学到 %1</source>
        <translation>Studied up to %1</translation>
    </message>
    <message>
        <source>本课学习进度</source>
        <translation>This lesson&apos;s progress</translation>
    </message>
    <message>
        <source>开始学习前需要进行人脸识别。</source>
        <translation>A face check comes before the lesson starts.</translation>
    </message>
    <message>
        <source>重新进行人脸识别</source>
        <translation>Face check again</translation>
    </message>
    <message>
        <source>学习下一课</source>
        <translation>Next lesson</translation>
    </message>
    <message>
        <source>人脸识别</source>
        <translation>Face check</translation>
    </message>
    <message>
        <source>学习记录</source>
        <translation>Study record</translation>
    </message>
    <message>
        <source>人脸识别没有通过，请重试。</source>
        <translation>The face check did not pass. Please try again.</translation>
    </message>
    <message>
        <source>人脸识别通过</source>
        <translation>Face check passed</translation>
    </message>
    <message>
        <source>（%1）</source>
        <translation> (%1)</translation>
    </message>
    <message>
        <source>正在播放本机下载的视频。</source>
        <translation>Playing the video downloaded to this PC.</translation>
    </message>
    <message>
        <source>人脸识别通过，正在计入学时。</source>
        <translation>Face check passed: your study time is being counted.</translation>
    </message>
    <message>
        <source>未检测到人脸，这段时间不计入学时。请正对摄像头。</source>
        <translation>No face in view: this time is not counted. Please face the camera.</translation>
    </message>
    <message>
        <source>人脸识别没有通过，通过后才能继续学习。</source>
        <translation>The face check did not pass. You can continue once it passes.</translation>
    </message>
    <message>
        <source>已计入 %1 / %2</source>
        <translation>Credited %1 / %2</translation>
    </message>
    <message>
        <source>学习下一课：%1</source>
        <translation>Next: %1</translation>
    </message>
    <message>
        <source>本课时已学完，学时已计入。</source>
        <translation>This lesson is complete and its hours are credited.</translation>
    </message>
    <message>
        <source>本课时已学完。全部课时已完成，可回到首页参加考试。</source>
        <translation>This lesson is complete. All lessons are done: you can take the exam from the home screen.</translation>
    </message>
</context>
</TS>
