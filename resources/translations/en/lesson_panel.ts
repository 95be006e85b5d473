<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="zh_CN">
<context>
    <name>LessonPanel</name>
    <message>
        <source>磁盘空间已满，学习记录无法保存，视频已暂停。请删除不用的文件后点“播放”继续。</source>
        <translation>The disk is full, so your study record cannot be saved and the video has paused. Delete files you no longer need, then press &quot;Play&quot; to continue.</translation>
    </message>
    <message>
        <source>从 %1 开始播放。</source>
        <translation>Plays from %1.</translation>
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
        <source>已计入 %1 / %2</source>
        <translation>Credited %1 / %2</translation>
    </message>
    <message>
        <source>本课时已学完，学时已计入。下一课：%1</source>
        <translation>This lesson is complete and its hours are credited. Next: %1</translation>
    </message>
    <message>
        <source>学习下一课：%1</source>
        <translation>Next: %1</translation>
    </message>
    <message>
        <source>本课时已学完。全部课时已完成，可回到首页参加考试。</source>
        <translation>This lesson is complete. All lessons are done: you can take the exam from the home screen.</translation>
    </message>
    <message>
        <source>未检测到人脸，这段时间不计入学时。请正对摄像头。</source>
        <translation>No face in view: this time is not counted. Please face the camera.</translation>
    </message>
    <message>
        <source>人脸识别通过，正在计入学时。</source>
        <translation>Face check passed: your study time is being counted.</translation>
    </message>
    <message>
        <source>人脸识别通过。视频已暂停，暂停时不计入学时。</source>
        <translation>Face check passed. The video is paused; paused time is not counted.</translation>
    </message>
    <message>
        <source>人脸识别通过。视频已播放完。</source>
        <translation>Face check passed. The video has played to the end.</translation>
    </message>
    <message>
        <source>人脸识别通过。视频播放时才计入学时。</source>
        <translation>Face check passed. Study time is counted only while the video plays.</translation>
    </message>
</context>
</TS>
