<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="zh_CN">
<context>
    <name>Texts</name>
    <message>
        <source>无法连接服务器，请检查网络。学习记录已保存在本机，联网后会自动上传。</source>
        <translation>Cannot reach the server. Please check the network. Your study records are saved on this PC and will upload by themselves once you are online.</translation>
    </message>
    <message>
        <source>服务器出现问题，请稍后再试。</source>
        <translation>The server has a problem. Please try again later.</translation>
    </message>
    <message>
        <source>提交的内容格式不正确，请检查后重试。</source>
        <translation>What was sent is not in the right form. Please check it and try again.</translation>
    </message>
    <message>
        <source>身份证号不正确，请核对。</source>
        <translation>The ID number is not right. Please check it.</translation>
    </message>
    <message>
        <source>请先阅读并勾选同意《用户协议》和《隐私政策》。</source>
        <translation>Please read and tick the box to agree to the User Agreement and the Privacy Policy first.</translation>
    </message>
    <message>
        <source>身份证号或密码不正确。</source>
        <translation>The ID number or the password is not right.</translation>
    </message>
    <message>
        <source>密码错误次数过多，账号已暂时锁定，请稍后再试。</source>
        <translation>Too many wrong passwords: the account is locked for a while. Please try again later.</translation>
    </message>
    <message>
        <source>新密码不符合要求。</source>
        <translation>The new password does not meet the rules.</translation>
    </message>
    <message>
        <source>登录已失效，请重新登录。</source>
        <translation>Your login has expired. Please log in again.</translation>
    </message>
    <message>
        <source>您的账号已在其他设备登录。</source>
        <translation>Your account has logged in on another device.</translation>
    </message>
    <message>
        <source>首次登录请先修改初始密码。</source>
        <translation>At the first login, please change the initial password first.</translation>
    </message>
    <message>
        <source>该项目尚未缴费，缴费后才能学习。</source>
        <translation>This enrollment is not paid yet. You can study once it is paid.</translation>
    </message>
    <message>
        <source>学习期限已结束，可在线申请延期。</source>
        <translation>The study period is over. You can apply for an extension online.</translation>
    </message>
    <message>
        <source>视频链接已过期，请重新打开课程。</source>
        <translation>The video link has expired. Please open the lesson again.</translation>
    </message>
    <message>
        <source>请填写正确的11位手机号码。</source>
        <translation>Please enter a valid 11-digit mobile number.</translation>
    </message>
    <message>
        <source>暂时不能提交此申请。</source>
        <translation>This application cannot be made yet.</translation>
    </message>
    <message>
        <source>头像已设置并锁定。如上传错误，请联系客服重置。</source>
        <translation>The enrolled photo is set and locked. If it is the wrong photo, call support to reset it.</translation>
    </message>
    <message>
        <source>照片不能超过5MB，请换一张较小的照片。</source>
        <translation>The photo must be at most 5 MB. Please choose a smaller one.</translation>
    </message>
    <message>
        <source>照片不符合要求，请按提示重新拍摄或选择。</source>
        <translation>The photo does not meet the rules. Please take or choose another as shown.</translation>
    </message>
    <message>
        <source>现在还不能开始考试。</source>
        <translation>The exam cannot start yet.</translation>
    </message>
    <message>
        <source>暂时无法组卷，请稍后再试。</source>
        <translation>The exam paper cannot be made right now. Please try again later.</translation>
    </message>
    <message>
        <source>本次考试已经结束，不能再作答。</source>
        <translation>This exam attempt has ended: no more answers can be given.</translation>
    </message>
    <message>
        <source>答案格式不正确，请重新选择。</source>
        <translation>The answer is not in the right form. Please choose again.</translation>
    </message>
    <message>
        <source>考试合格后才能打印学时证明。</source>
        <translation>The study-hours receipt can be printed once you have passed the exam.</translation>
    </message>
    <message>
        <source>提交的内容太大。</source>
        <translation>What was sent is too large.</translation>
    </message>
    <message>
        <source>没有找到要访问的内容。</source>
        <translation>What you asked for was not found.</translation>
    </message>
    <message>
        <source>监督学习已由工作人员在管理端结束，学员已退出登录。如需继续学习，请工作人员当面核验身份证后重新开始监督学习。</source>
        <translation>A staff member ended the supervised study in the console, and the trainee has been signed out. To study on, a staff member checks the ID card in person and starts a new supervised session.</translation>
    </message>
    <message>
        <source>这不是一张照片，请选择 JPG 或 PNG 格式的照片。</source>
        <translation>This is not a photo. Please choose a JPG or PNG photo.</translation>
    </message>
    <message>
        <source>照片太小，至少需要 295×413 像素，请换一张清晰的照片。</source>
        <translation>The photo is too small: it needs at least 295×413 pixels. Please choose a clearer photo.</translation>
    </message>
    <message>
        <source>没有看清您的脸，请正对摄像头，光线充足。</source>
        <translation>We could not see your face clearly. Please face the camera in good light.</translation>
    </message>
    <message>
        <source>画面中有不止一个人，请只让本人在镜头前。</source>
        <translation>More than one person is in view. Please be alone in front of the camera.</translation>
    </message>
    <message>
        <source>脸在照片中太小，请靠近一些，拍上半身照。</source>
        <translation>The face is too small in the photo. Please come closer and take an upper-body photo.</translation>
    </message>
    <message>
        <source>脸没有完整拍进照片，请让整张脸都在画面中。</source>
        <translation>The face is cut off. Please keep your whole face in the picture.</translation>
    </message>
    <message>
        <source>照片不够清晰，请保持不动、对好焦后重新拍摄。</source>
        <translation>The photo is not sharp. Please hold still, focus and take it again.</translation>
    </message>
    <message>
        <source>照片背景不是白色，请在白墙前重新拍摄，或使用“自动换白底”。</source>
        <translation>The background is not white. Please take the photo in front of a white wall, or use &quot;White background&quot;.</translation>
    </message>
    <message>
        <source>与本人照片不一致，请本人参加学习。</source>
        <translation>This does not match the enrolled photo. The trainee must study in person.</translation>
    </message>
    <message>
        <source>没有通过活体检测，请按提示眨眼或缓慢转头。</source>
        <translation>The liveness test did not pass. Please blink or slowly turn your head as asked.</translation>
    </message>
    <message>
        <source>还没有设置本人照片，请先设置头像。</source>
        <translation>No enrolled photo yet. Please set your photo first.</translation>
    </message>
    <message>
        <source>30 秒内没有完成识别，请调整光线后重试。</source>
        <translation>The check did not finish within 30 seconds. Please improve the light and try again.</translation>
    </message>
    <message>
        <source>识别用时太长，请重新识别。</source>
        <translation>The check took too long. Please check again.</translation>
    </message>
    <message>
        <source>这次识别没有按服务器提示的动作进行，请重新识别。</source>
        <translation>This check did not show the gesture the server asked for. Please check again.</translation>
    </message>
    <message>
        <source>完成全部课时后可参加考试。</source>
        <translation>The exam opens once every lesson is complete.</translation>
    </message>
    <message>
        <source>缴费后才能参加考试。</source>
        <translation>The exam opens once the enrollment is paid.</translation>
    </message>
    <message>
        <source>学习期限已结束，请先申请延期。</source>
        <translation>The study period is over. Please apply for an extension first.</translation>
    </message>
    <message>
        <source>5 次考试机会已用完，可申请补考。</source>
        <translation>All 5 attempts are used. You may apply for a retake.</translation>
    </message>
    <message>
        <source>有一场考试尚未结束，请继续作答。</source>
        <translation>An exam attempt is still open. Please continue it.</translation>
    </message>
    <message>
        <source>学习期限结束后才能申请延期。</source>
        <translation>An extension can be applied for once the study period is over.</translation>
    </message>
    <message>
        <source>您已考试合格，无需申请。</source>
        <translation>You have passed: no application is needed.</translation>
    </message>
    <message>
        <source>考试机会用完后才能申请补考。</source>
        <translation>A retake can be applied for once all attempts are used.</translation>
    </message>
    <message>
        <source>已有一份同类申请正在审核，请耐心等待。</source>
        <translation>An application of this kind is already being reviewed. Please wait for the decision.</translation>
    </message>
    <message>
        <source>不同意人脸识别、撤回授权，或人脸识别连续3次未通过后，才可申请人工核验。</source>
        <translation>Supervised study can be applied for after declining or withdrawing face data consent, or after 3 failed face checks in a row.</translation>
    </message>
    <message>
        <source>新密码应为 8 到 64 个字符。</source>
        <translation>The new password must have 8 to 64 characters.</translation>
    </message>
    <message>
        <source>新密码不能全是同一个字符。</source>
        <translation>The new password cannot be one character repeated.</translation>
    </message>
    <message>
        <source>新密码不能是初始密码 12345678。</source>
        <translation>The new password cannot be the initial password 12345678.</translation>
    </message>
    <message>
        <source>新密码不能是身份证号的后 8 位。</source>
        <translation>The new password cannot be the last 8 characters of the ID number.</translation>
    </message>
    <message>
        <source>身份证号应为 18 位。</source>
        <translation>The ID number has 18 characters.</translation>
    </message>
    <message>
        <source>身份证号前 17 位应为数字，最后一位为数字或 X。</source>
        <translation>The first 17 characters of the ID number are digits; the last is a digit or X.</translation>
    </message>
    <message>
        <source>身份证号中的出生日期不对，请核对。</source>
        <translation>The birth date in the ID number is not right. Please check it.</translation>
    </message>
    <message>
        <source>身份证号最后一位校验码不对，请核对。</source>
        <translation>The last character (the check character) of the ID number is not right. Please check it.</translation>
    </message>
    <message>
        <source> 转 </source>
        <translation> ext. </translation>
    </message>
    <message>
        <source>如需帮助，请致电 %1</source>
        <translation>For help, call %1</translation>
    </message>
</context>
</TS>
