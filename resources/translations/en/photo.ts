<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="zh_CN">
<context>
    <name>Photo</name>
    <message>
        <source>照片文件太大（不能超过5MB），请换一张较小的照片。</source>
        <translation>The photo file is too large (5 MB at most). Please choose a smaller photo.</translation>
    </message>
    <message>
        <source>照片不符合要求，请换一张照片。</source>
        <translation>The photo does not meet the requirements. Please choose another photo.</translation>
    </message>
    <message>
        <source>设置本人照片</source>
        <translation>Set your photo</translation>
    </message>
    <message>
        <source>还没有照片</source>
        <translation>No photo yet</translation>
    </message>
    <message>
        <source>照片</source>
        <translation>Photo</translation>
    </message>
    <message>
        <source>请使用近期一寸免冠正面照：白色背景，只有本人，露出整张脸，清晰不模糊。可以选择 JPG 或 PNG 照片文件（不超过5MB），也可以用摄像头现场拍照。</source>
        <translation>Please use a recent passport-style photo: white background, only you, your whole face visible, sharp. Choose a JPG or PNG file (5 MB at most) or take one with the camera.</translation>
    </message>
    <message>
        <source>照片上传后会锁定，不能自行更改，请仔细确认。</source>
        <translation>Once uploaded, the photo is locked and you cannot change it yourself. Please check it carefully.</translation>
    </message>
    <message>
        <source>上传照片</source>
        <translation>Upload photo</translation>
    </message>
    <message>
        <source>拍照</source>
        <translation>Take photo</translation>
    </message>
    <message>
        <source>进行人脸识别确认</source>
        <translation>Confirm with a face check</translation>
    </message>
    <message>
        <source>自动换白底</source>
        <translation>White background</translation>
    </message>
    <message>
        <source>选择照片文件</source>
        <translation>Choose a photo file</translation>
    </message>
    <message>
        <source>用摄像头拍照</source>
        <translation>Take a photo with the camera</translation>
    </message>
    <message>
        <source>关闭</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>照片 (*.jpg *.jpeg *.png)</source>
        <translation>Photos (*.jpg *.jpeg *.png)</translation>
    </message>
    <message>
        <source>正在检查照片……</source>
        <translation>Checking the photo…</translation>
    </message>
    <message>
        <source>正在打开摄像头……</source>
        <translation>Opening the camera…</translation>
    </message>
    <message>
        <source>正在换白底……</source>
        <translation>Making the background white…</translation>
    </message>
    <message>
        <source>照片符合要求，可以上传。</source>
        <translation>The photo meets the requirements and can be uploaded.</translation>
    </message>
    <message>
        <source>正在上传……</source>
        <translation>Uploading…</translation>
    </message>
    <message>
        <source>照片已上传并锁定。请进行人脸识别，确认是本人。</source>
        <translation>The photo is uploaded and locked. Please complete a face check to confirm it is you.</translation>
    </message>
    <message>
        <source>您的照片已经设置并锁定，不能自行更改。如果照片传错了，请致电 %1，由工作人员重置。</source>
        <translation>Your photo is set and locked; you cannot change it yourself. If the wrong photo was uploaded, call %1 and staff will reset it.</translation>
    </message>
    <message>
        <source>照片已锁定</source>
        <translation>Photo locked</translation>
    </message>
    <message>
        <source>照片已上传，但人脸识别确认没有完成，请再试一次。</source>
        <translation>The photo is uploaded, but the confirming face check is not done yet. Please try again.</translation>
    </message>
</context>
</TS>
