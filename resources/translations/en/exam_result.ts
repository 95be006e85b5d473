<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="zh_CN">
<context>
    <name>ExamResult</name>
    <message>
        <source>恭喜您考试合格！可在首页打印学时证明。</source>
        <translation>Congratulations, you passed! You can print the study-hours receipt from the home screen.</translation>
    </message>
    <message>
        <source>还有 %1 次考试机会，可复习后再考。</source>
        <translation>%1 attempts left. Review and try again.</translation>
    </message>
    <message>
        <source>考试机会已用完。可在首页“申请补考”，审核通过后再给 %1 次机会。</source>
        <translation>No attempts left. Apply for a retake on the home screen; once approved you get %1 more attempts.</translation>
    </message>
    <message>
        <source>考试结果</source>
        <translation>Exam result</translation>
    </message>
    <message>
        <source>本次考试成绩</source>
        <translation>Score of this attempt</translation>
    </message>
    <message>
        <source>%1 分</source>
        <translation>%1 points</translation>
    </message>
    <message>
        <source>合格</source>
        <translation>Passed</translation>
    </message>
    <message>
        <source>不合格</source>
        <translation>Not passed</translation>
    </message>
    <message>
        <source>最高分：%1 分</source>
        <translation>Best score: %1</translation>
    </message>
    <message>
        <source>最高分：暂无</source>
        <translation>Best score: none yet</translation>
    </message>
    <message>
        <source>考试机会：已用 %1 次，共 %2 次</source>
        <translation>Attempts: %1 used of %2</translation>
    </message>
    <message>
        <source>满分 %1 分，%2 分及以上合格，以最高分为准。</source>
        <translation>Full marks %1, pass at %2 or more; the best score counts.</translation>
    </message>
    <message>
        <source>返回首页</source>
        <translation>Back to home</translation>
    </message>
</context>
</TS>
