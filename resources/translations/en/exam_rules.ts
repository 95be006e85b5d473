<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="zh_CN">
<context>
    <name>ExamRules</name>
    <message>
        <source>考试时长 %1 分钟，由服务器计时；时间到时自动交卷，按已保存的答案评分。</source>
        <translation>The exam lasts %1 minutes, timed by the server; when time is up it is submitted automatically and graded on the saved answers.</translation>
    </message>
    <message>
        <source>共有 %1 次考试机会，已用 %2 次，本次是第 %3 次。</source>
        <translation>You have %1 attempts; %2 used. This is attempt %3.</translation>
    </message>
    <message>
        <source>满分 %1 分，%2 分及以上为合格；以各次考试的最高分为准。</source>
        <translation>Full marks %1, pass at %2 or more; the best score of all attempts counts.</translation>
    </message>
    <message>
        <source>考试开始后中途离开（关闭考试窗口、点“退出考试”、退出登录）按 0 分计，并用掉这次考试机会。</source>
        <translation>Leaving once the exam has started (closing the exam window, choosing &quot;Leave exam&quot;, logging out) scores 0 and uses up this attempt.</translation>
    </message>
    <message>
        <source>考试窗口会占满整个屏幕。切换到其他窗口会被记录；复制、粘贴和截屏不可用。考试中摄像头会继续核对本人。</source>
        <translation>The exam window fills the whole screen. Switching to other windows is recorded; copy, paste and screenshots are unavailable. The camera keeps checking that it is you during the exam.</translation>
    </message>
    <message>
        <source>每道题的答案在选择时即保存。如遇断电、断网或程序意外关闭，重新打开本程序即可继续作答，剩余时间以服务器为准。</source>
        <translation>Each answer is saved as you choose it. After a power cut, lost network or a crash, open this program again to continue; the time left is the server&apos;s.</translation>
    </message>
    <message>
        <source>开始前需要进行人脸识别，请坐在摄像头前，光线充足。</source>
        <translation>A face check comes first: sit in front of the camera in good light.</translation>
    </message>
    <message>
        <source>考试须知</source>
        <translation>Exam rules</translation>
    </message>
    <message>
        <source>开始考试</source>
        <translation>Start exam</translation>
    </message>
    <message>
        <source>暂不考试</source>
        <translation>Not now</translation>
    </message>
    <message>
        <source>重新检查</source>
        <translation>Check again</translation>
    </message>
    <message>
        <source>检测到 %1 个显示器。考试只能在一个显示器上进行，请断开其他显示器后再开始。</source>
        <translation>%1 displays found. The exam runs on one display only: disconnect the others, then start.</translation>
    </message>
</context>
</TS>
