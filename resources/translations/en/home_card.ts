<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="zh_CN">
<context>
    <name>HomeCard</name>
    <message>
        <source>延期申请</source>
        <translation>Extension application</translation>
    </message>
    <message>
        <source>补考申请</source>
        <translation>Retake application</translation>
    </message>
    <message>
        <source>审核中</source>
        <translation>under review</translation>
    </message>
    <message>
        <source>已通过</source>
        <translation>approved</translation>
    </message>
    <message>
        <source>未通过</source>
        <translation>rejected</translation>
    </message>
    <message>
        <source>，说明：%1</source>
        <translation>; note: %1</translation>
    </message>
    <message>
        <source>证书已过期作废，需重新取证。</source>
        <translation>The certificate has expired and is void: it must be obtained again.</translation>
    </message>
    <message>
        <source>现在可以办理到期换证：请在 %1 前到省建设行业监管平台办理。</source>
        <translation>You can renew the certificate now: do it on the province&apos;s supervision platform before %1.</translation>
    </message>
    <message>
        <source>到期换证办理时间已过。</source>
        <translation>The time to renew the certificate has passed.</translation>
    </message>
    <message>
        <source>可于 %1 起办理到期换证。</source>
        <translation>The certificate can be renewed from %1.</translation>
    </message>
    <message>
        <source>继续教育合格后才能办理到期换证。</source>
        <translation>The certificate can be renewed once you pass the continuing education.</translation>
    </message>
    <message>
        <source>证书编号 %1，有效期至 %2</source>
        <translation>Certificate %1, valid until %2</translation>
    </message>
    <message>
        <source>已缴费（%1）</source>
        <translation>Paid (%1)</translation>
    </message>
    <message>
        <source>未缴费</source>
        <translation>Not paid</translation>
    </message>
    <message>
        <source>请登录缴费系统 %1 缴费：账号是身份证号（企业为纳税人识别号），初始密码是账号的后6位。缴费成功后即可开始学习。</source>
        <translation>Please pay on the payment system %1: the account is your ID number (for an enterprise, its taxpayer number), the first password is the account&apos;s last 6 characters. You can study as soon as the payment succeeds.</translation>
    </message>
    <message>
        <source>学习期限：%1 至 %2</source>
        <translation>Study period: %1 to %2</translation>
    </message>
    <message>
        <source>剩余 %1 天</source>
        <translation>%1 days left</translation>
    </message>
    <message>
        <source>学习期限已结束，学习和考试已关闭。可在线申请延期，审核通过后重新计算30天。</source>
        <translation>The study period is over: lessons and the exam are closed. You can apply for an extension online; once approved you get 30 new days.</translation>
    </message>
    <message>
        <source>学习进度 %p%</source>
        <translation>Progress %p%</translation>
    </message>
    <message>
        <source>学习进度</source>
        <translation>Progress</translation>
    </message>
    <message>
        <source>考试机会已用 %1 / %2 次</source>
        <translation>Attempts used: %1 of %2</translation>
    </message>
    <message>
        <source>，最高分 %1 分</source>
        <translation>, best score %1</translation>
    </message>
    <message>
        <source>考试合格（%1）</source>
        <translation>Passed (%1)</translation>
    </message>
    <message>
        <source>有一场考试尚未结束，请尽快继续作答（时间按服务器计算）。</source>
        <translation>An exam attempt is still open: please continue it soon (the time is counted by the server).</translation>
    </message>
    <message>
        <source>完成全部课时后可参加考试（当前 %1%）</source>
        <translation>The exam opens when every lesson is complete (now %1%)</translation>
    </message>
    <message>
        <source>查看课程</source>
        <translation>Lessons</translation>
    </message>
    <message>
        <source>延期 / 补考申请</source>
        <translation>Extension / retake</translation>
    </message>
    <message>
        <source>学时证明</source>
        <translation>Study-hours receipt</translation>
    </message>
    <message>
        <source>继续考试</source>
        <translation>Continue the exam</translation>
    </message>
    <message>
        <source>打印学时证明</source>
        <translation>Print the study-hours receipt</translation>
    </message>
    <message>
        <source>参加考试</source>
        <translation>Take the exam</translation>
    </message>
    <message>
        <source>进入学习</source>
        <translation>Start studying</translation>
    </message>
    <message>
        <source>申请延期 / 补考</source>
        <translation>Apply for an extension / retake</translation>
    </message>
</context>
</TS>
