<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="zh_CN">
<context>
    <name>Receipt</name>
    <message>
        <source>学时证明</source>
        <translation>Study-hours receipt</translation>
    </message>
    <message>
        <source>正在获取学时证明…</source>
        <translation>Fetching the study-hours receipt…</translation>
    </message>
    <message>
        <source>学时证明预览</source>
        <translation>Study-hours receipt preview</translation>
    </message>
    <message>
        <source>打印</source>
        <translation>Print</translation>
    </message>
    <message>
        <source>另存为 PDF</source>
        <translation>Save as PDF</translation>
    </message>
    <message>
        <source>关闭</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>正在获取…</source>
        <translation>Fetching…</translation>
    </message>
    <message>
        <source>学时证明无法显示，请稍后重试。</source>
        <translation>The receipt cannot be shown; please try again later.</translation>
    </message>
    <message>
        <source>这是您的学时证明，可以打印或另存为 PDF。证明上的验证码可供用人单位核验。</source>
        <translation>This is your study-hours receipt: print it or save it as a PDF. Employers can verify it with the code on it.</translation>
    </message>
    <message>
        <source>考试合格后才能打印学时证明。完成全部课时并考试合格（60 分及以上）后，再来这里打印。</source>
        <translation>The study-hours receipt can be printed after passing the exam. Finish every lesson and pass the exam (60 or more), then print it here.</translation>
    </message>
    <message>
        <source>暂时没有可打印的学时证明</source>
        <translation>No receipt to print yet</translation>
    </message>
    <message>
        <source>PDF 文件 (*.pdf)</source>
        <translation>PDF files (*.pdf)</translation>
    </message>
    <message>
        <source>已保存到 %1</source>
        <translation>Saved to %1</translation>
    </message>
</context>
</TS>
