<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="zh_CN">
<context>
    <name>ExamConfirm</name>
    <message>
        <source>全部题目已作答。交卷后不能再修改答案。确定交卷吗？</source>
        <translation>All questions are answered. Answers cannot be changed after submitting. Submit now?</translation>
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
        <source>现在退出考试，本次考试按 0 分计，并用掉这次考试机会（共 %1 次，含本次已用 %2 次）。
确定退出吗？</source>
        <translation>If you leave now, this attempt scores 0 and is used up (%2 of %1 attempts used, this one included).
Leave the exam?</translation>
    </message>
    <message>
        <source>确定交卷</source>
        <translation>Submit</translation>
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
</context>
</TS>
