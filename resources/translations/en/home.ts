<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="zh_CN">
<context>
    <name>Home</name>
    <message>
        <source>立即上传</source>
        <translation>Upload now</translation>
    </message>
    <message>
        <source>%1 条学习记录保存在本机，联网后自动上传</source>
        <translation>%1 study records kept on this PC; they are sent once online</translation>
    </message>
    <message>
        <source>离线：没有待上传的学习记录</source>
        <translation>Offline: no study records waiting to be sent</translation>
    </message>
    <message>
        <source>%1 条记录待上传（%2 起无法连接服务器，联网后自动上传）</source>
        <translation>%1 records waiting (no server since %2; they upload by themselves once online)</translation>
    </message>
    <message>
        <source>%1 条记录待上传，重新登录后继续上传</source>
        <translation>%1 records waiting: they upload after you log in again</translation>
    </message>
    <message>
        <source>%1 条记录正在上传…</source>
        <translation>Uploading %1 records…</translation>
    </message>
    <message>
        <source>全部学习记录已上传</source>
        <translation>All study records are uploaded</translation>
    </message>
    <message>
        <source>（%1）</source>
        <translation> (%1)</translation>
    </message>
    <message>
        <source>设备检测</source>
        <translation>Device self-check</translation>
    </message>
    <message>
        <source>修改密码</source>
        <translation>Change password</translation>
    </message>
    <message>
        <source>帮助</source>
        <translation>Help</translation>
    </message>
    <message>
        <source>结束监督</source>
        <translation>End supervision</translation>
    </message>
    <message>
        <source>退出登录</source>
        <translation>Log out</translation>
    </message>
    <message>
        <source>语音提示</source>
        <translation>Spoken prompts</translation>
    </message>
    <message>
        <source>人脸识别时朗读要做的动作，考试时朗读剩余时间</source>
        <translation>Says the face-check gestures and the exam&apos;s time left aloud</translation>
    </message>
    <message>
        <source>已下载的课时可以照常学习，学习记录保存在本机，联网后自动上传并计入学时。</source>
        <translation>Downloaded lessons can be studied as usual. Your study records are kept on this PC and sent and credited once you are online.</translation>
    </message>
    <message>
        <source>考试、延期和补考申请、上传照片、打印学时证明需要联网，联网后再办理。</source>
        <translation>The exam, extension and retake applications, the photo and the study-hours receipt need the network: do them once you are online.</translation>
    </message>
    <message>
        <source>您好，%1</source>
        <translation>Hello, %1</translation>
    </message>
    <message>
        <source>身份证号 %1</source>
        <translation>ID number %1</translation>
    </message>
    <message>
        <source>离线，自 %1 起</source>
        <translation>Offline since %1</translation>
    </message>
    <message>
        <source>下面是 %1 %2 联网时的信息，离线学习的学时联网后才会计入。</source>
        <translation>Below is what the server said on %1 at %2; what you study offline counts once you are online.</translation>
    </message>
    <message>
        <source>您还没有继续教育项目。报名请登录省建设行业继续教育平台，或咨询 %1。</source>
        <translation>You have no continuing-education enrollment yet. Register on the province&apos;s construction continuing-education platform, or call %1.</translation>
    </message>
</context>
</TS>
