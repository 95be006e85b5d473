<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="zh_CN">
<context>
    <name>Supervision</name>
    <message>
        <source>工作人员账号或密码不正确。</source>
        <translation>The staff account or password is wrong.</translation>
    </message>
    <message>
        <source>工作人员代为登录（人工核验）</source>
        <translation>Staff sign-in for a trainee (supervised study)</translation>
    </message>
    <message>
        <source>我已当面核验学员本人的身份证，人证一致</source>
        <translation>I have checked the trainee&apos;s ID card in person and it matches</translation>
    </message>
    <message>
        <source>开始监督学习</source>
        <translation>Start supervised study</translation>
    </message>
    <message>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>工作人员账号</source>
        <translation>Staff account</translation>
    </message>
    <message>
        <source>工作人员密码</source>
        <translation>Staff password</translation>
    </message>
    <message>
        <source>学员身份证号</source>
        <translation>Trainee&apos;s ID number</translation>
    </message>
    <message>
        <source>人工核验：工作人员监督学习</source>
        <translation>Supervised study by staff</translation>
    </message>
    <message>
        <source>适用于不能或不愿使用人脸识别的学员。请核对身份证原件与本人一致，再由工作人员登录。监督期间学习不需要人脸识别，学时记在您的账号名下；学员退出登录或工作人员结束后即停止。</source>
        <translation>For trainees who cannot or do not want to use face checks. Check the original ID card against the person, then sign in as staff. While supervised, no face check is needed and the hours count for the trainee; it stops when the trainee logs out or staff end it.</translation>
    </message>
    <message>
        <source>请工作人员输入账号和密码。</source>
        <translation>Staff: enter your account and password.</translation>
    </message>
    <message>
        <source>请输入正确的学员身份证号。</source>
        <translation>Enter the trainee&apos;s correct ID number.</translation>
    </message>
    <message>
        <source>请先当面核验学员本人的身份证。</source>
        <translation>First check the trainee&apos;s ID card in person.</translation>
    </message>
    <message>
        <source>正在登录…</source>
        <translation>Signing in…</translation>
    </message>
    <message>
        <source>注意：还有 %1 条学习记录没有上传到服务器（暂时无法连接）。结束监督后，这些记录保存在这台电脑上，学员下次在这台电脑登录时自动上传，监督期间的学时照常计入；学员如果以后不在这台电脑登录，这些记录就无法上传。可以先点“取消”，等网络恢复后再结束。</source>
        <translation>Note: %1 study records have not reached the server yet (it cannot be reached just now). After ending the supervision they stay on this PC and are uploaded by themselves when the trainee next signs in on this PC; the supervised study time still counts. If the trainee never signs in on this PC again, they cannot be uploaded. You may press “Cancel” and end it once the network is back.</translation>
    </message>
    <message>
        <source>结束监督学习</source>
        <translation>End supervised study</translation>
    </message>
    <message>
        <source>结束监督</source>
        <translation>End supervision</translation>
    </message>
    <message>
        <source>请工作人员输入自己的密码。结束后学员退出登录，之后的学习不再计入学时。</source>
        <translation>Staff: enter your own password. The trainee is then logged out, and study after this is no longer credited.</translation>
    </message>
</context>
</TS>
