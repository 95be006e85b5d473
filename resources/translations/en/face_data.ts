<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="zh_CN">
<context>
    <name>FaceData</name>
    <message>
        <source>（%1）</source>
        <translation> (%1)</translation>
    </message>
    <message>
        <source>请携带本人身份证到%1，由工作人员核验身份后在监督下学习和考试，不需要人脸识别。地址和开放时间请致电 %2。</source>
        <translation>Please bring your ID card to %1; staff will check it and supervise your study and exam, with no face check. For the address and opening hours call %2.</translation>
    </message>
    <message>
        <source>撤回人脸信息授权</source>
        <translation>Withdraw face data consent</translation>
    </message>
    <message>
        <source>申请人工核验</source>
        <translation>Apply for supervised study</translation>
    </message>
    <message>
        <source>工作人员监督学习中</source>
        <translation>Studying under staff supervision</translation>
    </message>
    <message>
        <source>本次登录由工作人员 %1 在%2核验身份后开启，学习时不需要人脸识别。</source>
        <translation>This login was opened by staff member %1 at %2 after checking your ID card; no face check is needed while you study.</translation>
    </message>
    <message>
        <source>人工核验：到培训点学习</source>
        <translation>Supervised study: study at a training centre</translation>
    </message>
    <message>
        <source>人脸信息</source>
        <translation>Face data</translation>
    </message>
    <message>
        <source>您已同意使用人脸识别学习。撤回后，服务器和本电脑上的照片和人脸特征值会立即删除，之后可到培训点由工作人员核验身份后学习。</source>
        <translation>You agreed to study with face checks. If you withdraw, your photo and face template are deleted at once from the server and this PC; you can then study at a training centre after staff check your ID card.</translation>
    </message>
    <message>
        <source>撤回后，您的本人照片和人脸特征值会立即删除，不能再用人脸识别学习，需要到培训点由工作人员核验身份后学习。确定撤回吗？</source>
        <translation>After withdrawing, your photo and face template are deleted at once and you can no longer study with face checks; you will study at a training centre after staff check your ID card. Withdraw?</translation>
    </message>
</context>
</TS>
