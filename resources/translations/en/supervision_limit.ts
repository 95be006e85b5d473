<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="zh_CN">
<context>
    <name>SupervisionLimit</name>
    <message>
        <source>监督学习已到培训点规定的时长（%1 分钟），学员已退出登录，之后的学习不会计入学时。如需继续学习，请工作人员当面核验身份证后重新开始监督学习。</source>
        <translation>The supervised study has reached the training centre&apos;s limit (%1 minutes), and the trainee has been signed out; study from now on would not count. To study on, a staff member checks the ID card in person and starts a new supervised session.</translation>
    </message>
</context>
</TS>
