<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="zh_CN">
<context>
    <name>Applications</name>
    <message>
        <source>补考申请</source>
        <translation>Retake application</translation>
    </message>
    <message>
        <source>人工核验申请</source>
        <translation>Supervised study application</translation>
    </message>
    <message>
        <source>延期申请</source>
        <translation>Extension application</translation>
    </message>
    <message>
        <source>已通过</source>
        <translation>Approved</translation>
    </message>
    <message>
        <source>未通过</source>
        <translation>Rejected</translation>
    </message>
    <message>
        <source>审核中</source>
        <translation>Under review</translation>
    </message>
    <message>
        <source>延期和补考申请</source>
        <translation>Extension and retake applications</translation>
    </message>
    <message>
        <source>申请免费，提交后由工作人员审核。学习期限结束仍未合格，可申请延期（通过后重新给 30 天）；5 次考试机会用完仍未合格，可申请补考（通过后再给 5 次机会）。</source>
        <translation>Applications are free and reviewed by staff. If your study period has ended without a pass, apply for an extension (30 new days once approved); if all 5 attempts are used without a pass, apply for a retake (5 more attempts once approved).</translation>
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
        <source>申请人工核验</source>
        <translation>Apply for supervised study</translation>
    </message>
    <message>
        <source>手机号码（审核结果会通知到此号码）</source>
        <translation>Mobile number (the decision is sent to this number)</translation>
    </message>
    <message>
        <source>手机号码</source>
        <translation>Mobile number</translation>
    </message>
    <message>
        <source>11 位手机号码</source>
        <translation>11-digit mobile number</translation>
    </message>
    <message>
        <source>申请理由</source>
        <translation>Reason</translation>
    </message>
    <message>
        <source>例如：工作繁忙，未能在期限内完成学习。</source>
        <translation>For example: too busy at work to finish studying in time.</translation>
    </message>
    <message>
        <source>提交申请</source>
        <translation>Submit application</translation>
    </message>
    <message>
        <source>关闭</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>我的申请</source>
        <translation>My applications</translation>
    </message>
    <message>
        <source>暂时不能提交此申请</source>
        <translation>This application cannot be made yet</translation>
    </message>
    <message>
        <source>请先填写正确的手机号码</source>
        <translation>Enter a valid mobile number first</translation>
    </message>
    <message>
        <source>请填写申请理由</source>
        <translation>Enter a reason</translation>
    </message>
    <message>
        <source>还没有提交过申请。</source>
        <translation>No applications yet.</translation>
    </message>
    <message>
        <source>%1&#x3000;%2提交&#x3000;%3</source>
        <translation>%1, submitted %2: %3</translation>
    </message>
    <message>
        <source>原因：%1</source>
        <translation>Reason: %1</translation>
    </message>
    <message>
        <source>%1已提交，请等待工作人员审核。</source>
        <translation>%1 submitted. Staff will review it.</translation>
    </message>
</context>
</TS>
