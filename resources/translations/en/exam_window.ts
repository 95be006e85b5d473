<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="zh_CN">
<context>
    <name>ExamWindow</name>
    <message>
        <source>考试</source>
        <translation>Exam</translation>
    </message>
    <message>
        <source>第 %1 次考试　时长 %2 分钟</source>
        <translation>Attempt %1 · %2 minutes</translation>
    </message>
    <message>
        <source>剩余时间</source>
        <translation>Time left</translation>
    </message>
    <message>
        <source>上一题</source>
        <translation>Previous</translation>
    </message>
    <message>
        <source>下一题</source>
        <translation>Next</translation>
    </message>
    <message>
        <source>交卷</source>
        <translation>Submit</translation>
    </message>
    <message>
        <source>退出考试</source>
        <translation>Leave exam</translation>
    </message>
    <message>
        <source>答题卡（绿色为已答）</source>
        <translation>Questions (green = answered)</translation>
    </message>
    <message>
        <source>已答 %1 / %2 题</source>
        <translation>Answered %1 / %2</translation>
    </message>
    <message>
        <source>正在保存…</source>
        <translation>Saving…</translation>
    </message>
    <message>
        <source>已保存在本机</source>
        <translation>Saved on this computer</translation>
    </message>
    <message>
        <source>暂时无法连接服务器。答案已保存在本机，联网后自动上传。</source>
        <translation>The server cannot be reached. Your answers are saved on this computer and will be sent when the network is back.</translation>
    </message>
    <message>
        <source>已保存</source>
        <translation>Saved</translation>
    </message>
    <message>
        <source>未能保存，请重新选择</source>
        <translation>Not saved; please choose again</translation>
    </message>
    <message>
        <source>时间到</source>
        <translation>Time is up</translation>
    </message>
    <message>
        <source>考试时间到，正在按已保存的答案交卷…</source>
        <translation>Time is up; submitting the saved answers…</translation>
    </message>
    <message>
        <source>、</source>
        <translation>, </translation>
    </message>
    <message>
        <source>还有 %1 道题没有作答：第 %2 题。
交卷后不能再修改答案。确定交卷吗？</source>
        <translation>%1 questions are not answered: %2.
Answers cannot be changed after submitting. Submit now?</translation>
    </message>
    <message>
        <source>全部题目已作答。交卷后不能再修改答案。确定交卷吗？</source>
        <translation>All questions are answered. Answers cannot be changed after submitting. Submit now?</translation>
    </message>
    <message>
        <source>确定交卷</source>
        <translation>Submit</translation>
    </message>
    <message>
        <source>现在退出考试，本次考试按 0 分计，并用掉这次考试机会（共 %1 次，含本次已用 %2 次）。
确定退出吗？</source>
        <translation>If you leave now, this attempt scores 0 and is used up (%2 of %1 attempts used, this one included).
Leave the exam?</translation>
    </message>
    <message>
        <source>退出并计 0 分</source>
        <translation>Leave and score 0</translation>
    </message>
    <message>
        <source>请确认</source>
        <translation>Please confirm</translation>
    </message>
    <message>
        <source>继续答题</source>
        <translation>Continue the exam</translation>
    </message>
    <message>
        <source>正在交卷…</source>
        <translation>Submitting…</translation>
    </message>
    <message>
        <source>暂时无法连接服务器，还没有交卷。答案都已保存在本机，联网后会自动交卷。</source>
        <translation>The server cannot be reached, so the exam is not submitted yet. Your answers are saved on this computer; it will be submitted by itself once the network is back.</translation>
    </message>
    <message>
        <source>暂时无法连接服务器，现在不能退出考试。断网不算离开考试：答案已保存，联网后可继续作答。</source>
        <translation>The server cannot be reached, so the exam cannot be left now. A lost network is not leaving: your answers are saved and you can continue once connected.</translation>
    </message>
    <message>
        <source>您离开了考试窗口，这已被记录。请留在考试窗口内作答。</source>
        <translation>You left the exam window; this has been recorded. Please stay in the exam window.</translation>
    </message>
    <message>
        <source>摄像头没有看到您，请正对摄像头作答。已记录。</source>
        <translation>The camera cannot see you; please face the camera. This has been recorded.</translation>
    </message>
    <message>
        <source>画面中有不止一个人，请只让本人在镜头前。已记录。</source>
        <translation>More than one person is in view; only you may be in front of the camera. This has been recorded.</translation>
    </message>
    <message>
        <source>人脸核对与本人照片不一致，已记录。请本人参加考试。</source>
        <translation>The face check did not match your photo; this has been recorded. Only you may take the exam.</translation>
    </message>
    <message>
        <source>已记录一次考试异常。</source>
        <translation>An exam incident has been recorded.</translation>
    </message>
</context>
</TS>
