<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="zh_CN">
<context>
    <name>Texts</name>
    <message>
        <source>无法连接服务器，请检查网络。学习记录已保存在本机，联网后会自动上传。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>服务器出现问题，请稍后再试。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>提交的内容格式不正确，请检查后重试。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>身份证号不正确，请核对。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>请先阅读并勾选同意《用户协议》和《隐私政策》。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>身份证号或密码不正确。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>密码错误次数过多，账号已暂时锁定，请稍后再试。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>新密码不符合要求。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>登录已失效，请重新登录。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>您的账号已在其他设备登录。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>首次登录请先修改初始密码。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>该项目尚未缴费，缴费后才能学习。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>学习期限已结束，可在线申请延期。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>视频链接已过期，请重新打开课程。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>请填写正确的11位手机号码。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>暂时不能提交此申请。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>头像已设置并锁定。如上传错误，请联系客服重置。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>照片不能超过5MB，请换一张较小的照片。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>照片不符合要求，请按提示重新拍摄或选择。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>现在还不能开始考试。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>暂时无法组卷，请稍后再试。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>本次考试已经结束，不能再作答。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>答案格式不正确，请重新选择。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>考试合格后才能打印学时证明。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>提交的内容太大。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>没有找到要访问的内容。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>这不是一张照片，请选择 JPG 或 PNG 格式的照片。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>照片太小，至少需要 295×413 像素，请换一张清晰的照片。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>没有看清您的脸，请正对摄像头，光线充足。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>画面中有不止一个人，请只让本人在镜头前。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>脸在照片中太小，请靠近一些，拍上半身照。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>脸没有完整拍进照片，请让整张脸都在画面中。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>照片不够清晰，请保持不动、对好焦后重新拍摄。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>照片背景不是白色，请在白墙前重新拍摄，或使用“自动换白底”。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>与本人照片不一致，请本人参加学习。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>没有通过活体检测，请按提示眨眼或缓慢转头。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>还没有设置本人照片，请先设置头像。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>30 秒内没有完成识别，请调整光线后重试。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>完成全部课时后可参加考试。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>缴费后才能参加考试。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>学习期限已结束，请先申请延期。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>5 次考试机会已用完，可申请补考。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>有一场考试尚未结束，请继续作答。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>学习期限结束后才能申请延期。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>您已考试合格，无需申请。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>考试机会用完后才能申请补考。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>已有一份同类申请正在审核，请耐心等待。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>新密码应为 8 到 64 个字符。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>新密码不能全是同一个字符。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>新密码不能是初始密码 12345678。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>新密码不能是身份证号的后 8 位。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>身份证号应为 18 位。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>身份证号前 17 位应为数字，最后一位为数字或 X。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>身份证号中的出生日期不对，请核对。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>身份证号最后一位校验码不对，请核对。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>如需帮助，请致电 %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
