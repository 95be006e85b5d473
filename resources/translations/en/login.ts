<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="zh_CN">
<context>
    <name>Login</name>
    <message>
        <source>正在启动学习服务，请稍候…</source>
        <translation>Starting the study service, please wait…</translation>
    </message>
    <message>
        <source>18位身份证号</source>
        <translation>18-character ID number</translation>
    </message>
    <message>
        <source>身份证号</source>
        <translation>ID number</translation>
    </message>
    <message>
        <source>密码</source>
        <translation>Password</translation>
    </message>
    <message>
        <source>首次登录密码为 12345678</source>
        <translation>First login password: 12345678</translation>
    </message>
    <message>
        <source>我已阅读并同意《用户协议》和《隐私政策》</source>
        <translation>I agree to the User Agreement and Privacy Policy</translation>
    </message>
    <message>
        <source>同意用户协议和隐私政策</source>
        <translation>Agree to the User Agreement and the Privacy Policy</translation>
    </message>
    <message>
        <source>阅读协议</source>
        <translation>Read them</translation>
    </message>
    <message>
        <source>登录</source>
        <translation>Log in</translation>
    </message>
    <message>
        <source>忘记密码</source>
        <translation>Forgot password</translation>
    </message>
    <message>
        <source>设备检测</source>
        <translation>Device check</translation>
    </message>
    <message>
        <source>检查摄像头、视频播放和网络是否正常</source>
        <translation>Check the camera, video playback and the network</translation>
    </message>
    <message>
        <source>云南省建设行业继续教育</source>
        <translation>Yunnan construction continuing education</translation>
    </message>
    <message>
        <source>学员登录</source>
        <translation>Trainee login</translation>
    </message>
    <message>
        <source>工作人员代为登录（人工核验）</source>
        <translation>Staff sign-in for a trainee (supervised study)</translation>
    </message>
    <message>
        <source>学习服务已连接</source>
        <translation>Connected to the learning service</translation>
    </message>
    <message>
        <source>学习服务尚未就绪，请稍候。</source>
        <translation>The study service is not ready yet, please wait.</translation>
    </message>
    <message>
        <source>请输入身份证号。</source>
        <translation>Please enter your ID number.</translation>
    </message>
    <message>
        <source>请先改正身份证号。</source>
        <translation>Please correct the ID number first.</translation>
    </message>
    <message>
        <source>请输入密码。</source>
        <translation>Please enter your password.</translation>
    </message>
    <message>
        <source>请先勾选同意《用户协议》和《隐私政策》。</source>
        <translation>Please tick the box to agree to the User Agreement and the Privacy Policy first.</translation>
    </message>
    <message>
        <source>正在登录…</source>
        <translation>Logging in…</translation>
    </message>
    <message>
        <source>已输入 %1 位，共 18 位</source>
        <translation>%1 of 18 characters entered</translation>
    </message>
    <message>
        <source>请于 %1 后再试。</source>
        <translation>Please try again after %1.</translation>
    </message>
    <message>
        <source>请 %1 秒后再试。</source>
        <translation>Please try again in %1 seconds.</translation>
    </message>
    <message>
        <source>用户协议和隐私政策</source>
        <translation>User Agreement and Privacy Policy</translation>
    </message>
    <message>
        <source>本软件用于建设行业从业人员继续教育学习与考试。学习和考试过程中会使用摄像头进行人脸识别，以确认是本人学习。摄像头画面只在本机处理，不会保存；只有识别所需的人脸小图会上传到服务器核验，未通过的核验记录保存30天后删除。学习记录和考试答案会上传到服务器，作为学时和成绩的依据。</source>
        <translation>This software is for the continuing education and exams of construction personnel. While you study and take the exam, the webcam checks your face to confirm that you are the one studying. Camera pictures are processed on this PC only and never saved; only the small face images a check needs are sent to the server, and those of failed checks are deleted after 30 days. Study records and exam answers are sent to the server as the basis of your credit hours and score.</translation>
    </message>
    <message>
        <source>首次登录的初始密码是 12345678。

如果修改过密码又忘记了：请致电 %1，或带身份证到培训点，工作人员核实身份后会把密码重置为初始密码 12345678。重置后用初始密码登录，系统会请您设置新密码。</source>
        <translation>The initial password for your first login is 12345678.

If you changed it and forgot it: call %1, or bring your ID card to a training centre. After checking who you are, staff reset it to the initial password 12345678. Log in with it and you will be asked to set a new password.</translation>
    </message>
</context>
</TS>
