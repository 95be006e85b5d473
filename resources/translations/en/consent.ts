<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="zh_CN">
<context>
    <name>Consent</name>
    <message>
        <source>收集哪些信息</source>
        <translation>What is collected</translation>
    </message>
    <message>
        <source>您的本人照片（头像）；由照片计算出的人脸特征值（一串数字，用于比对）；人脸识别没有通过时，当次识别的几张人脸小图（作为核查依据）。摄像头画面只在本机处理，不保存、不上传。</source>
        <translation>Your enrolled photo; the face template computed from it (a row of numbers used for matching); when a face check fails, a few small face images of that check (as evidence). Camera pictures are processed on this PC only, never saved or uploaded.</translation>
    </message>
    <message>
        <source>为什么收集</source>
        <translation>Why</translation>
    </message>
    <message>
        <source>继续教育的学时和考试成绩必须是本人完成。学习和考试时用摄像头与照片比对，确认是您本人在学习。</source>
        <translation>Continuing-education hours and exam scores must be earned by you in person. While you study and take the exam, the camera is compared with your photo to confirm it is you.</translation>
    </message>
    <message>
        <source>保存在哪里，谁能看到</source>
        <translation>Where it is kept, who sees it</translation>
    </message>
    <message>
        <source>照片和特征值保存在省继续教育服务器上；为了断网时也能识别，本电脑也保存一份特征值。只有识别程序使用它们；未通过识别的人脸小图只有审核工作人员可以查看。不向其他单位提供，不用于其他用途。</source>
        <translation>The photo and template are kept on the province&apos;s continuing-education server; this PC also keeps a copy of the template so checks work offline. Only the face-check program uses them; only reviewing staff may look at the images of failed checks. They are given to no one else and used for nothing else.</translation>
    </message>
    <message>
        <source>保存多久</source>
        <translation>For how long</translation>
    </message>
    <message>
        <source>照片和特征值在您最后一个继续教育项目合格或结束满一年后自动删除；未通过识别的人脸小图保存30天后自动删除。学时、考试成绩等培训记录按规定长期保存。</source>
        <translation>The photo and template are deleted automatically one year after your last enrollment is passed or closed; images of failed checks after 30 days. Training records such as hours and exam scores are kept for years as the rules require.</translation>
    </message>
    <message>
        <source>您可以随时撤回</source>
        <translation>You can withdraw at any time</translation>
    </message>
    <message>
        <source>在首页点击「撤回人脸信息授权」，服务器和本电脑上的照片、特征值会立即删除。撤回或不同意后，您仍可以学习：携带身份证到培训点，由工作人员核验身份后在监督下学习和考试（人工核验）。</source>
        <translation>Click &quot;Withdraw face data consent&quot; on the home page: the photo and template are deleted at once from the server and this PC. After withdrawing or declining you can still study: bring your ID card to a training centre, where staff check it and supervise your study and exam (supervised study).</translation>
    </message>
    <message>
        <source>依据</source>
        <translation>Legal basis</translation>
    </message>
    <message>
        <source>国家网信办、公安部《人脸识别技术应用安全管理办法》（2025年6月1日起施行）。有疑问请致电 %1。</source>
        <translation>The Measures for the Security Management of Facial Recognition Technology (CAC and Ministry of Public Security, in force since 1 June 2025). Questions: call %1.</translation>
    </message>
    <message>
        <source>人脸信息处理同意书</source>
        <translation>Face data consent</translation>
    </message>
    <message>
        <source>使用人脸识别学习前，请阅读以下说明，再选择是否同意。不同意也可以学习。</source>
        <translation>Before studying with face checks, please read the following and choose whether you agree. You can study even if you do not agree.</translation>
    </message>
    <message>
        <source>同意</source>
        <translation>I agree</translation>
    </message>
    <message>
        <source>不同意</source>
        <translation>I do not agree</translation>
    </message>
</context>
</TS>
