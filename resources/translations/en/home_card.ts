<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="zh_CN">
<context>
    <name>HomeCard</name>
    <message>
        <source>已提交，等待审核（%1）</source>
        <translation>Submitted, awaiting review (%1)</translation>
    </message>
    <message>
        <source>5 次考试机会已用完，请申请补考，审核通过后再给 5 次机会。</source>
        <translation>All 5 attempts are used. Apply for a retake: once approved you get 5 more attempts.</translation>
    </message>
    <message>
        <source>5 次考试机会已用完（最高分 %1 分），请申请补考，审核通过后再给 5 次机会。</source>
        <translation>All 5 attempts are used (best score %1). Apply for a retake: once approved you get 5 more attempts.</translation>
    </message>
    <message>
        <source>未缴费：缴费成功后才能学习和考试。</source>
        <translation>Not paid: lessons and the exam open once payment succeeds.</translation>
    </message>
    <message>
        <source>考试合格（%1），可以打印学时证明。</source>
        <translation>Passed (%1). You can print the study-hours receipt.</translation>
    </message>
    <message>
        <source>延期申请正在审核，通过后重新计算30天学习期限。</source>
        <translation>Your extension application is being reviewed; once approved you get a new 30-day study period.</translation>
    </message>
    <message>
        <source>学习期限已结束，学习和考试已关闭。请申请延期，审核通过后重新计算30天。</source>
        <translation>The study period is over; lessons and the exam are closed. Apply for an extension: once approved you get a new 30 days.</translation>
    </message>
    <message>
        <source>补考申请正在审核，通过后再给 5 次考试机会。</source>
        <translation>Your retake application is being reviewed; once approved you get 5 more attempts.</translation>
    </message>
    <message>
        <source>学习和考试前请先设置本人照片（近期免冠、白色背景），之后每次学习都用摄像头与它比对。照片设置后不能自行修改。</source>
        <translation>Before lessons and the exam, set your enrolled photo (recent, bareheaded, white background). Every lesson compares the webcam with it. Once set, you cannot change it yourself.</translation>
    </message>
    <message>
        <source>全部课时已完成，可以参加考试（还有 %1 次机会）。</source>
        <translation>All lessons are complete. You can take the exam (%1 attempts left).</translation>
    </message>
    <message>
        <source>延期申请</source>
        <translation>Extension application</translation>
    </message>
    <message>
        <source>补考申请</source>
        <translation>Retake application</translation>
    </message>
    <message>
        <source>人工核验申请</source>
        <translation>Supervised study application</translation>
    </message>
    <message>
        <source>申请</source>
        <translation>Application</translation>
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
        <source>「%1」需要联网，联网后再办理。</source>
        <translation>“%1” needs the network: do it once you are online.</translation>
    </message>
    <message>
        <source>证书编号 %1，有效期至 %2</source>
        <translation>Certificate %1, valid until %2</translation>
    </message>
    <message>
        <source>还有 %1 天证书到期：到期前未完成继续教育并考试合格，证书将自动作废。</source>
        <translation>Your certificate expires in %1 days: without a passed continuing education before then, it becomes void.</translation>
    </message>
    <message>
        <source>已缴费（%1）</source>
        <translation>Paid (%1)</translation>
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
        <source>有一场考试尚未结束，请尽快继续作答（时间按服务器计算）。</source>
        <translation>An exam attempt is still open: please continue it soon (the time is counted by the server).</translation>
    </message>
    <message>
        <source>完成全部课时后可参加考试（当前 %1%）</source>
        <translation>The exam opens when every lesson is complete (now %1%)</translation>
    </message>
    <message>
        <source>请登录缴费系统 %1 缴费：账号是身份证号（企业为纳税人识别号），初始密码是账号的后6位。</source>
        <translation>Pay in the payment system %1: the account is your ID number (for companies, the taxpayer number); the first password is the account&apos;s last 6 characters.</translation>
    </message>
    <message>
        <source>查看课程</source>
        <translation>Lessons</translation>
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
        <source>申请延期</source>
        <translation>Apply for an extension</translation>
    </message>
    <message>
        <source>申请补考</source>
        <translation>Apply for a retake</translation>
    </message>
    <message>
        <source>设置本人照片</source>
        <translation>Set your photo</translation>
    </message>
    <message>
        <source>参加考试</source>
        <translation>Take the exam</translation>
    </message>
    <message>
        <source>继续学习</source>
        <translation>Continue learning</translation>
    </message>
    <message>
        <source>进入学习</source>
        <translation>Start studying</translation>
    </message>
</context>
</TS>
