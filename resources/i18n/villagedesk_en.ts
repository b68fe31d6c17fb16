<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="zh_CN">
<context>
    <name>App</name>
    <message>
        <location filename="../../villagedesk/ui/app.py" line="192"/>
        <source>正在升级数据文件（只需一次，请稍候）…</source>
        <translation>Upgrading the data file (once only, please wait)…</translation>
    </message>
</context>
<context>
    <name>BackupRunner</name>
    <message>
        <location filename="../../villagedesk/ui/backup_runner.py" line="125"/>
        <source>关闭</source>
        <translation>Close</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/backup_runner.py" line="142"/>
        <source>已恢复备份（台账 {entries} 条），原数据文件已另存在 backups/ 中。请重新打开村务桌面。</source>
        <translation>The backup was restored ({entries} ledger entries); the previous data file was kept in backups/. Please open VillageDesk again.</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/backup_runner.py" line="124"/>
        <source>恢复这份备份</source>
        <translation>Restore this backup</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/backup_runner.py" line="132"/>
        <source>正在恢复备份</source>
        <translation>Restoring the backup</translation>
    </message>
</context>
<context>
    <name>BarChart</name>
    <message>
        <location filename="../../villagedesk/ui/pages/township_page.py" line="93"/>
        <source>所选期间没有记录</source>
        <translation>No records in the chosen period</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/township_page.py" line="119"/>
        <source>{m}月</source>
        <translation>{m}</translation>
    </message>
</context>
<context>
    <name>CatalogueDetail</name>
    <message>
        <location filename="../../villagedesk/ui/pages/catalogue_page.py" line="98"/>
        <source>清单</source>
        <translation>List</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/catalogue_page.py" line="100"/>
        <source>设定依据</source>
        <translation>Basis</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/catalogue_page.py" line="100"/>
        <source>（未填写）</source>
        <translation>(not given)</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/catalogue_page.py" line="101"/>
        <source>{origin}（{jurisdiction} 目录 {version}）</source>
        <translation>{origin} ({jurisdiction} catalogue {version})</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/catalogue_page.py" line="103"/>
        <source>来源</source>
        <translation>Source</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/catalogue_page.py" line="106"/>
        <source>关键词</source>
        <translation>Keywords</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/catalogue_page.py" line="108"/>
        <source>备注</source>
        <translation>Notes</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/catalogue_page.py" line="109"/>
        <source>编码</source>
        <translation>Code</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/catalogue_page.py" line="116"/>
        <source>&lt;b&gt;示范内容，不是正式文件规定。&lt;/b&gt;本县目录中的同名事项以县里发布的为准。</source>
        <translation>&lt;b&gt;Demo content, not an official rule.&lt;/b&gt; Where the county catalogue has an item of the same name, the county&apos;s version applies.</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/catalogue_page.py" line="122"/>
        <source>在左侧选择一个事项，这里显示它属于哪个清单、设定依据和条款、来源，以及办理要求。</source>
        <translation>Choose an item on the left to see here its list, basis and clause, source, and how it is handled.</translation>
    </message>
</context>
<context>
    <name>CataloguePage</name>
    <message>
        <location filename="../../villagedesk/ui/pages/catalogue_page.py" line="408"/>
        <location filename="../../villagedesk/ui/pages/catalogue_page.py" line="730"/>
        <source>记录并反映</source>
        <translation>Record and report</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/catalogue_page.py" line="410"/>
        <source>把这项要求记为拒绝事项，供打印情况反映报乡镇</source>
        <translation>Record this request as refused, to report it to the township</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/catalogue_page.py" line="414"/>
        <location filename="../../villagedesk/ui/pages/catalogue_page.py" line="785"/>
        <source>打印情况反映</source>
        <translation>Print report to township</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/catalogue_page.py" line="754"/>
        <source>记录拒绝事项</source>
        <translation>Record refused request</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/catalogue_page.py" line="755"/>
        <source>提出这项要求的部门（如 县农业农村局）：</source>
        <translation>Department that made this request (e.g. 县农业农村局):</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/catalogue_page.py" line="768"/>
        <source>已记录</source>
        <translation>Recorded</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/catalogue_page.py" line="785"/>
        <source>情况反映</source>
        <translation>Report to township</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/catalogue_page.py" line="26"/>
        <source>全部清单</source>
        <translation>All lists</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/catalogue_page.py" line="260"/>
        <source>查询本县目录中的事项及其设定依据（厅字〔2022〕28号 二(一)1、二(三)7）</source>
        <translation>Look up items of the county catalogues and their basis (厅字〔2022〕28号 二(一)1, 二(三)7)</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/catalogue_page.py" line="268"/>
        <source>查询事项</source>
        <translation>Search items</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/catalogue_page.py" line="269"/>
        <source>事项准入核对</source>
        <translation>Admission check</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/catalogue_page.py" line="301"/>
        <source>名称、拼音或首字母，如 居住、jzzm</source>
        <translation>Name, pinyin or initials, e.g. 居住, jzzm</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/catalogue_page.py" line="309"/>
        <source>只在某一个清单中查询</source>
        <translation>Search one list only</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/catalogue_page.py" line="332"/>
        <source>打印目录…</source>
        <translation>Print catalogue…</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/catalogue_page.py" line="333"/>
        <source>把本单位适用的目录（或所选清单）生成 PDF，用于上墙公开</source>
        <translation>Make a PDF of the catalogues that apply to this office (or of the chosen list) to put up on the office wall</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/catalogue_page.py" line="358"/>
        <source>打印目录</source>
        <translation>Print catalogue</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/catalogue_page.py" line="359"/>
        <location filename="../../villagedesk/ui/pages/catalogue_page.py" line="786"/>
        <source>PDF 文件 (*.pdf)</source>
        <translation>PDF files (*.pdf)</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/catalogue_page.py" line="374"/>
        <source>已生成 {file}（{pages} 页），可在打开的 PDF 中预览并打印</source>
        <translation>Created {file} ({pages} pages); preview and print it in the PDF that opens</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/catalogue_page.py" line="390"/>
        <source>某部门要求村里承担一项工作时，输入或粘贴它的内容，核对它属于哪个清单、依据哪一条。</source>
        <translation>When a department asks the village to take on a task, type or paste the request to check which list it belongs to and under which clause.</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/catalogue_page.py" line="394"/>
        <source>如：请村委会负责辖区内违章建筑的拆除工作</source>
        <translation>e.g. 请村委会负责辖区内违章建筑的拆除工作 (the request as written, in Chinese)</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/catalogue_page.py" line="399"/>
        <source>核对</source>
        <translation>Check</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/catalogue_page.py" line="404"/>
        <source>Enter 核对，Shift+Enter 换行</source>
        <translation>Enter: check, Shift+Enter: new line</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/catalogue_page.py" line="433"/>
        <source>最相近的目录事项（点击查看）：</source>
        <translation>Closest catalogue items (click to view):</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/catalogue_page.py" line="633"/>
        <source>没有找到与「{query}」相关的事项。可以换个说法，或用拼音首字母查询。</source>
        <translation>Nothing found for &quot;{query}&quot;. Try other words, or the pinyin initials.</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/catalogue_page.py" line="635"/>
        <source>（只显示最相关的前 {limit} 项）</source>
        <translation> (only the {limit} closest are shown)</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/catalogue_page.py" line="636"/>
        <source>找到 {count} 项</source>
        <translation>Items found: {count}</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/catalogue_page.py" line="638"/>
        <source>本单位适用的目录</source>
        <translation>Catalogues for this office</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/catalogue_page.py" line="639"/>
        <source>{where}共 {count} 项；输入关键词可以缩小范围</source>
        <translation>{where}: {count} items. Type a keyword to narrow the list.</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/catalogue_page.py" line="706"/>
        <source>结论：{explanation}</source>
        <translation>Verdict: {explanation}</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/catalogue_page.py" line="710"/>
        <source>该清单没有需要引用的上级文件条款，以本县目录为准。</source>
        <translation>There is no higher-level clause to quote for this list; the county catalogue applies.</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/catalogue_page.py" line="794"/>
        <source>正在生成情况反映</source>
        <translation>Writing the situation report</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/catalogue_page.py" line="367"/>
        <source>正在生成目录 PDF</source>
        <translation>Writing the catalogue PDF</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/catalogue_page.py" line="270"/>
        <source>历史版本</source>
        <translation>Version history</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/catalogue_page.py" line="455"/>
        <source>每次安装目录都记下版本和改动。选择一个版本，右侧列出它新增、删除、修改了哪些事项。</source>
        <translation>Every catalogue installed is recorded with its version and changes. Choose a version to see which items it added, removed or changed.</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/catalogue_page.py" line="463"/>
        <source>导入新版本…</source>
        <translation>Import a new version…</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/catalogue_page.py" line="465"/>
        <source>选择县里发布的目录文件，先列出它改动的事项，确认后再导入</source>
        <translation>Choose a catalogue file published by the county: its changes are listed first, and it is imported only after you confirm</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/catalogue_page.py" line="512"/>
        <source>导入新版本目录</source>
        <translation>Import a new catalogue version</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/catalogue_page.py" line="513"/>
        <source>目录文件 (*.xlsx *.csv *.json);;所有文件 (*)</source>
        <translation>Catalogue files (*.xlsx *.csv *.json);;All files (*)</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/catalogue_page.py" line="518"/>
        <source>正在检查 {file} …</source>
        <translation>Checking {file} …</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/catalogue_page.py" line="522"/>
        <source>正在检查目录文件 {file}</source>
        <translation>Checking the catalogue file {file}</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/catalogue_page.py" line="529"/>
        <source>{title} {version} 已是当前版本，无需导入</source>
        <translation>{title} {version} is already installed; nothing to import</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/catalogue_page.py" line="532"/>
        <source>请在对话框中核对改动，确认后导入</source>
        <translation>Check the changes in the dialog and confirm to import</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/catalogue_page.py" line="535"/>
        <location filename="../../villagedesk/ui/pages/catalogue_page.py" line="559"/>
        <source>未导入，已安装的目录没有改动</source>
        <translation>Not imported; the installed catalogues are unchanged</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/catalogue_page.py" line="541"/>
        <source>正在导入 {file} …</source>
        <translation>Importing {file} …</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/catalogue_page.py" line="544"/>
        <source>正在导入目录文件 {file}</source>
        <translation>Importing the catalogue file {file}</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/catalogue_page.py" line="550"/>
        <source>已导入</source>
        <translation>Imported</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/catalogue_page.py" line="557"/>
        <source>已取消导入，已安装的目录没有改动</source>
        <translation>Import cancelled; the installed catalogues are unchanged</translation>
    </message>
</context>
<context>
    <name>CatalogueUpdate</name>
    <message>
        <location filename="../../villagedesk/ui/pages/catalogue_page.py" line="129"/>
        <source>（空）</source>
        <translation>(empty)</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/catalogue_page.py" line="144"/>
        <source>目录信息</source>
        <translation>Catalogue details</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/catalogue_page.py" line="148"/>
        <source>新增 {count} 项</source>
        <translation>{count} added</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/catalogue_page.py" line="149"/>
        <source>删除 {count} 项</source>
        <translation>{count} removed</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/catalogue_page.py" line="150"/>
        <source>修改 {count} 项</source>
        <translation>{count} changed</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/catalogue_page.py" line="151"/>
        <source>调整清单 {count} 项</source>
        <translation>{count} moved to another list</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/catalogue_page.py" line="164"/>
        <source>事项没有改动。</source>
        <translation>No item changed.</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/catalogue_page.py" line="169"/>
        <source>新增 {added} 项，删除 {removed} 项，修改 {reworded} 项，调整清单 {moved} 项，未变 {unchanged} 项</source>
        <translation>{added} added, {removed} removed, {reworded} changed, {moved} moved to another list, {unchanged} unchanged</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/catalogue_page.py" line="224"/>
        <source>{name} 版本 {version}（{when}）</source>
        <translation>{name} version {version} ({when})</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/catalogue_page.py" line="233"/>
        <source>来源：{source}</source>
        <translation>Source: {source}</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/catalogue_page.py" line="236"/>
        <source>这一版安装时本程序尚未记录改动（共 {count} 项）。</source>
        <translation>Changes were not yet recorded when this version was installed ({count} items).</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/catalogue_page.py" line="239"/>
        <source>首次安装，共 {count} 项。</source>
        <translation>First installed, {count} items.</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/catalogue_page.py" line="241"/>
        <source>由版本 {old} 更新：</source>
        <translation>Updated from version {old}: </translation>
    </message>
</context>
<context>
    <name>ColourField</name>
    <message>
        <location filename="../../villagedesk/ui/pages/signs_page.py" line="159"/>
        <source>选色…</source>
        <translation>Pick…</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/signs_page.py" line="209"/>
        <source>不是十六进制颜色，如 #EE1C25</source>
        <translation>Not a hex colour, e.g. #EE1C25</translation>
    </message>
</context>
<context>
    <name>Common</name>
    <message>
        <location filename="../../villagedesk/ui/common.py" line="103"/>
        <source>{label}：</source>
        <translation>{label}:</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/common.py" line="127"/>
        <source>详情已记录到 {path}</source>
        <translation>Details were written to {path}.</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/common.py" line="129"/>
        <source>详情已记录到日志</source>
        <translation>Details were written to the log.</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/common.py" line="130"/>
        <source>内部错误（{kind}）：程序出现了意外问题，请重试或联系维护人员。{where}</source>
        <translation>Internal error ({kind}): something unexpected went wrong in the program. Please try again or contact your support person. {where}</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/common.py" line="176"/>
        <location filename="../../villagedesk/ui/long_work.py" line="227"/>
        <source>村务桌面</source>
        <translation>VillageDesk</translation>
    </message>
</context>
<context>
    <name>CrashDialog</name>
    <message>
        <location filename="../../villagedesk/ui/crash_dialog.py" line="78"/>
        <source>程序出现了意外问题，刚才的操作可能没有完成。</source>
        <translation>Something unexpected went wrong; the last action may not have finished.</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/crash_dialog.py" line="84"/>
        <source>问题：{summary}</source>
        <translation>Problem: {summary}</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/crash_dialog.py" line="89"/>
        <source>窗口可以继续使用；已保存的数据不受影响。请点“保存错误报告…”，把报告文件发给维护人员（报告中的身份证号码和姓名已隐去）。</source>
        <translation>You can keep using the window; saved data is not affected. Click &quot;Save error report…&quot; and send the file to whoever maintains the desk (ID numbers and names in it are masked).</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/crash_dialog.py" line="99"/>
        <source>保存错误报告…</source>
        <translation>Save error report…</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/crash_dialog.py" line="103"/>
        <source>关闭</source>
        <translation>Close</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/crash_dialog.py" line="116"/>
        <source>保存错误报告</source>
        <translation>Save error report</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/crash_dialog.py" line="117"/>
        <source>文本文件 (*.txt)</source>
        <translation>Text files (*.txt)</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/crash_dialog.py" line="130"/>
        <source>报告未能保存：{reason}。请换一个文件夹（如桌面）再试。</source>
        <translation>The report could not be saved: {reason}. Choose another folder (such as the desktop) and try again.</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/crash_dialog.py" line="134"/>
        <source>报告已保存到 {path}</source>
        <translation>Report saved to {path}</translation>
    </message>
</context>
<context>
    <name>IssueForm</name>
    <message>
        <location filename="../../villagedesk/ui/pages/issue_panels.py" line="200"/>
        <location filename="../../villagedesk/ui/pages/issue_panels.py" line="223"/>
        <source>打印告知承诺书</source>
        <translation>Print commitment letter</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/issue_panels.py" line="224"/>
        <source>告知承诺书</source>
        <translation>Commitment letter</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/issue_panels.py" line="246"/>
        <source>已生成告知承诺书：请申请人签名后交受理部门（不登记台账）</source>
        <translation>Commitment letter created: the applicant signs it and hands it to the department (not entered in the ledger)</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/issue_panels.py" line="279"/>
        <source>本县目录允许告知承诺：可打印告知承诺书，由村民签名后交受理部门，代替证明。</source>
        <translation>The county catalogue allows a written commitment: print the commitment letter for the villager to sign and hand to the department instead of a certificate.</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/issue_form.py" line="26"/>
        <source>被证明人姓名</source>
        <translation>Name of the person certified</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/issue_form.py" line="27"/>
        <source>与身份证上的写法完全一致</source>
        <translation>Exactly as on the ID card</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/issue_form.py" line="28"/>
        <location filename="../../villagedesk/ui/pages/issue_panels.py" line="25"/>
        <source>身份证号码</source>
        <translation>ID card number</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/issue_form.py" line="29"/>
        <source>18 位（旧证 15 位）</source>
        <translation>18 digits (15 on old cards)</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/issue_form.py" line="30"/>
        <location filename="../../villagedesk/ui/pages/issue_panels.py" line="24"/>
        <location filename="../../villagedesk/ui/pages/issue_panels.py" line="407"/>
        <source>申请人</source>
        <translation>Applicant</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/issue_form.py" line="31"/>
        <source>不是本人来办时填写，否则不填</source>
        <translation>Only if someone else applies for the person</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/issue_form.py" line="32"/>
        <source>联系电话</source>
        <translation>Phone</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/issue_form.py" line="35"/>
        <location filename="../../villagedesk/ui/pages/issue_panels.py" line="26"/>
        <location filename="../../villagedesk/ui/pages/issue_panels.py" line="408"/>
        <source>用途</source>
        <translation>Purpose</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/issue_form.py" line="36"/>
        <source>向哪里、办什么事，如：办理居住证</source>
        <translation>Where and for what, e.g. 办理居住证 (residence permit)</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/issue_form.py" line="43"/>
        <source>致送单位</source>
        <translation>Addressed to</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/issue_form.py" line="44"/>
        <source>证明交给哪个单位，可不填</source>
        <translation>The office the certificate goes to (optional)</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/issue_form.py" line="46"/>
        <location filename="../../villagedesk/ui/pages/issue_panels.py" line="27"/>
        <source>经办人</source>
        <translation>Handled by</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/issue_form.py" line="47"/>
        <source>佐证材料</source>
        <translation>Supporting documents</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/issue_form.py" line="48"/>
        <source>核实方式</source>
        <translation>How verified</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/issue_form.py" line="49"/>
        <source>会议/法律顾问记录</source>
        <translation>Meeting / legal adviser record</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/issue_form.py" line="51"/>
        <source>厅字〔2022〕28号 二(三)8：对没有列入清单但能够核实的事项据实出具；涉及重大问题的，提请村民会议或者村民代表会议讨论决定；存在法律风险的，由法律顾问评估。</source>
        <translation>厅字〔2022〕28号 二(三)8: matters on no list that can be verified are certified as they are found; major questions go to the villagers&apos; meeting or villagers&apos; representative meeting for decision; where there is legal risk, the legal adviser assesses it.</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/issue_form.py" line="97"/>
        <source>必填</source>
        <translation>Required</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/issue_form.py" line="112"/>
        <source>（未填）</source>
        <translation>(not filled in)</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/issue_form.py" line="120"/>
        <source>（请选择）</source>
        <translation>(please choose)</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/issue_form.py" line="207"/>
        <location filename="../../villagedesk/ui/pages/issue_panels.py" line="406"/>
        <source>被证明人</source>
        <translation>Person certified</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/issue_form.py" line="209"/>
        <source>证明内容</source>
        <translation>Certificate content</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/issue_form.py" line="211"/>
        <source>佐证材料（勾选已查验的）</source>
        <translation>Supporting documents (tick those checked)</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/issue_form.py" line="219"/>
        <location filename="../../villagedesk/ui/pages/issue_form.py" line="305"/>
        <source>据实出具的要求</source>
        <translation>Requirements for certifying facts</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/issue_form.py" line="224"/>
        <source>涉及重大问题（须村民会议或村民代表会议决定）</source>
        <translation>Major question (decided by the villagers&apos; or representative meeting)</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/issue_form.py" line="226"/>
        <source>存在法律风险（须法律顾问评估）</source>
        <translation>Legal risk (assessed by the legal adviser)</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/issue_form.py" line="233"/>
        <source>会议名称、日期和决定，或法律顾问的审核意见</source>
        <translation>Meeting, date and decision, or the legal adviser&apos;s opinion</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/issue_form.py" line="243"/>
        <location filename="../../villagedesk/ui/pages/issue_panels.py" line="183"/>
        <location filename="../../villagedesk/ui/pages/issue_panels.py" line="371"/>
        <source>办理人员姓名</source>
        <translation>Name of the clerk in charge</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/issue_panels.py" line="28"/>
        <source>不予出具原因</source>
        <translation>Reason for refusal</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/issue_panels.py" line="178"/>
        <source>向村民说明以上原因，并出具告知单（登记台账，编号打印在告知单上）：</source>
        <translation>Explain the reason above to the villager and issue a refusal notice (recorded in the ledger, its number printed on the notice):</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/issue_panels.py" line="180"/>
        <source>来办事的村民姓名</source>
        <translation>Name of the villager asking</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/issue_panels.py" line="181"/>
        <source>可不填</source>
        <translation>Optional</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/issue_panels.py" line="182"/>
        <source>村民说的用途，可不填</source>
        <translation>Purpose the villager gives (optional)</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/issue_panels.py" line="192"/>
        <source>出具不予出具告知单</source>
        <translation>Issue refusal notice</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/issue_panels.py" line="259"/>
        <source>不予出具：列入不应出具证明事项清单</source>
        <translation>Not issued: on the list of certificates not to issue</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/issue_panels.py" line="265"/>
        <source>责任部门：{department}</source>
        <translation>Responsible department: {department}</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/issue_panels.py" line="270"/>
        <source>改由何处办理：{channel}</source>
        <translation>Handled instead by: {channel}</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/issue_panels.py" line="277"/>
        <source>目录未写明改由何处办理：请村民向要求出具证明的部门说明，或向乡镇咨询。</source>
        <translation>The catalogue does not say where this is handled instead: the villager should tell the department asking for the certificate, or ask the township.</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/issue_panels.py" line="302"/>
        <source>尚需填写或改正：{fields}</source>
        <translation>Still to fill in or correct: {fields}</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/issue_panels.py" line="303"/>
        <source>、</source>
        <translation>, </translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/issue_panels.py" line="369"/>
        <source>核实后出具证明；经核实无法出具的，写明原因出具不予出具告知单（厅字〔2022〕28号 二(三)8）。</source>
        <translation>Issue the certificate once verified; if it cannot be issued after checking, give the reason on a refusal notice (厅字〔2022〕28号 二(三)8).</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/issue_panels.py" line="372"/>
        <source>不予出具时填写：如经入户核实，与申请内容不符</source>
        <translation>If refusing: e.g. a home visit found the facts differ from the application</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/issue_panels.py" line="385"/>
        <source>不予出具</source>
        <translation>Refuse</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/issue_panels.py" line="389"/>
        <source>出具证明</source>
        <translation>Issue certificate</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/issue_panels.py" line="402"/>
        <source>已超期</source>
        <translation>Overdue</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/issue_panels.py" line="405"/>
        <source>受理号</source>
        <translation>Acceptance no.</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/issue_panels.py" line="409"/>
        <source>受理日期</source>
        <translation>Accepted on</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/issue_panels.py" line="410"/>
        <source>办结期限</source>
        <translation>Due by</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/issue_panels.py" line="435"/>
        <source>请填写经办人</source>
        <translation>Enter the clerk in charge</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/issue_panels.py" line="437"/>
        <source>不予出具须写明原因</source>
        <translation>A refusal needs a reason</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/issue_form.py" line="39"/>
        <source>申请原因</source>
        <translation>Reason for the request</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/issue_form.py" line="41"/>
        <source>申请依据</source>
        <translation>Basis of the request</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/issue_form.py" line="40"/>
        <source>为什么要开这份证明，如：申请产业扶持资金</source>
        <translation>Why the certificate is needed, e.g. applying for an industry subsidy</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/issue_form.py" line="42"/>
        <source>要求出具证明的文件或规定，如：县农业农村局申报通知</source>
        <translation>The document or rule that asks for it, e.g. the county agriculture bureau&apos;s notice</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/issue_form.py" line="306"/>
        <source>重大问题和法律风险</source>
        <translation>Major matters and legal risk</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/issue_form.py" line="52"/>
        <source>德宏州方案 二(三)10：出具证明涉及重大问题的，应详细调查核实，必要时召开村民会议、村民代表会议等讨论决定；存在法律风险的，应依托法律顾问等专业力量进行风险评估后决定。</source>
        <translation>Dehong plan II(3)10: a certificate involving a major matter is investigated in detail and, where necessary, decided by a villagers&apos; (representatives&apos;) meeting; one with legal risk is decided after a risk assessment by the legal adviser.</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/issue_panels.py" line="380"/>
        <source>修改…</source>
        <translation>Correct…</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/issue_panels.py" line="382"/>
        <source>出具前更正受理时登记的内容或材料（台账另起一条更正登记，受理号不变）</source>
        <translation>Correct what was recorded at acceptance, or the materials, before issuing (a correction entry is added to the ledger; the acceptance number stays)</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/issue_panels.py" line="413"/>
        <source>已更正 {count} 次，最近一次 {date}</source>
        <translation>Corrected {count} time(s), last on {date}</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/issue_panels.py" line="334"/>
        <source>放弃</source>
        <translation>Give up</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/issue_panels.py" line="413"/>
        <source>更正</source>
        <translation>Corrections</translation>
    </message>
</context>
<context>
    <name>IssuePage</name>
    <message>
        <location filename="../../villagedesk/ui/pages/issue_items.py" line="19"/>
        <source>当场办结</source>
        <translation>On the spot</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/issue_items.py" line="19"/>
        <source>{days} 个工作日</source>
        <translation>{days} working days</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/issue_items.py" line="38"/>
        <source>不应出具</source>
        <translation>Not to issue</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/issue_items.py" line="47"/>
        <source>{due} 前办结</source>
        <translation>Due by {due}</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/issue_items.py" line="49"/>
        <source>（已超期）</source>
        <translation> (overdue)</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/issue_page.py" line="61"/>
        <source>按本县保留出具证明事项目录据实出具证明；不应出具的，说明原因并出具告知单（厅字〔2022〕28号 二(三)8）</source>
        <translation>Issue certificates on verified facts, as listed in the county&apos;s catalogue of retained certificates; for those that must not be issued, explain why and issue a notice (厅字〔2022〕28号 二(三)8)</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/issue_page.py" line="87"/>
        <source>打印…</source>
        <translation>Print…</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/issue_page.py" line="104"/>
        <source>村民要开什么证明？如 居住、jzzm</source>
        <translation>Which certificate? e.g. 居住, jzzm</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/issue_page.py" line="121"/>
        <source>据实出具（不在清单中的事项）</source>
        <translation>Certify facts (not on any list)</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/issue_page.py" line="123"/>
        <source>没有列入清单、但能够核实的事项（厅字〔2022〕28号 二(三)8）</source>
        <translation>Matters on no list that can be verified (厅字〔2022〕28号 二(三)8)</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/issue_page.py" line="126"/>
        <source>待办结（已受理）</source>
        <translation>Pending (accepted)</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/issue_page.py" line="142"/>
        <source>在左侧输入村民要开的证明，选中后在这里填写。
列入不应出具证明事项清单的，这里说明原因、依据和应到哪里办理，并可出具告知单。</source>
        <translation>Type the certificate the villager asks for on the left, choose it, and fill it in here.
For certificates on the list not to issue, this shows the reason, the basis and where to go instead, and can issue a notice.</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/issue_page.py" line="192"/>
        <source>已核实，当场出具</source>
        <translation>Verified, issue now</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/issue_page.py" line="194"/>
        <source>需要限时办结的事项，核实无误后也可以当场出具，不必先受理</source>
        <translation>An item with a time limit can also be issued at once when already verified, without accepting it first</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/issue_page.py" line="197"/>
        <location filename="../../villagedesk/ui/pages/issue_page.py" line="393"/>
        <source>出具证明</source>
        <translation>Issue certificate</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/issue_page.py" line="264"/>
        <source>没有找到「{query}」。不在清单中、但能够核实的事项，可以据实出具。</source>
        <translation>Nothing found for &quot;{query}&quot;. Matters on no list that can be verified can be certified as facts.</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/issue_page.py" line="266"/>
        <source>找到 {count} 项</source>
        <translation>Items found: {count}</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/issue_page.py" line="268"/>
        <source>保留出具 {retained} 项，不应出具 {forbidden} 项</source>
        <translation>Retained: {retained}, must not be issued: {forbidden}</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/issue_page.py" line="341"/>
        <source>{list}&#x3000;依据：{basis}</source>
        <translation>{list}   Basis: {basis}</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/issue_page.py" line="344"/>
        <source>不在清单中、但能够核实的事项：只证明核实过的事实（厅字〔2022〕28号 二(三)8）</source>
        <translation>A matter on no list that can be verified: certify only the facts checked (厅字〔2022〕28号 二(三)8)</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/issue_page.py" line="347"/>
        <source>办理时限：{limit}（复杂证明先受理，核实后限时出具）</source>
        <translation>Time limit: {limit} (a complex certificate is accepted first and issued within the limit once verified)</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/issue_page.py" line="349"/>
        <source>办理时限：当场办结</source>
        <translation>Time limit: on the spot</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/issue_page.py" line="385"/>
        <location filename="../../villagedesk/ui/pages/issue_page.py" line="433"/>
        <source>正在出具证明</source>
        <translation>A certificate is being issued</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/issue_page.py" line="393"/>
        <source>受理</source>
        <translation>Accept</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/issue_page.py" line="397"/>
        <source>Enter 受理</source>
        <translation>Enter: accept</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/issue_page.py" line="397"/>
        <source>Enter 出具并打开打印预览</source>
        <translation>Enter: issue and open the print preview</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/issue_page.py" line="400"/>
        <source>、</source>
        <translation>, </translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/issue_page.py" line="402"/>
        <source>{fields}等 {count} 项</source>
        <translation>{fields} and more ({count} in all)</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/issue_page.py" line="403"/>
        <source>尚需填写或改正：{fields}</source>
        <translation>Still to fill in or correct: {fields}</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/issue_page.py" line="451"/>
        <location filename="../../villagedesk/ui/pages/issue_page.py" line="605"/>
        <source>已出具 {number}（{item}，{name}）。证明已保存，可打印。</source>
        <translation>Issued {number} ({item}, {name}). The certificate is saved and can be printed.</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/issue_page.py" line="499"/>
        <source>未能办理</source>
        <translation>Could not be done</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/issue_page.py" line="533"/>
        <source>已出具不予出具告知单 {number}（{item}，{name}），已登记台账。</source>
        <translation>Refusal notice {number} issued ({item}, {name}) and recorded in the ledger.</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/issue_page.py" line="551"/>
        <source>受理号 {number}</source>
        <translation>Acceptance no. {number}</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/issue_page.py" line="555"/>
        <source>待办结（已受理）：{count} 件</source>
        <translation>Pending (accepted): {count}</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/issue_page.py" line="556"/>
        <source>待办结（已受理）：无</source>
        <translation>Pending (accepted): none</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/issue_page.py" line="569"/>
        <source>待办结中没有受理号「{number}」</source>
        <translation>No pending acceptance no. &quot;{number}&quot;</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/issue_page.py" line="603"/>
        <source>已出具不予出具告知单 {number}，已登记台账。</source>
        <translation>Refusal notice {number} issued and recorded in the ledger.</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/issue_page.py" line="261"/>
        <source>「{query}」属于不应出具证明事项「{item}」，不能据实出具；选中它查看原因和应到哪里办理</source>
        <translation>“{query}” is the must-not-issue certificate “{item}”: it cannot be certified as facts; select it to see why and where to go instead</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/issue_page.py" line="306"/>
        <source>「{query}」属于不应出具证明事项「{item}」，不能据实出具，请出具不予出具告知单</source>
        <translation>“{query}” is the must-not-issue certificate “{item}”: it cannot be certified as facts; issue a refusal notice instead</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/issue_page.py" line="392"/>
        <source>作废原证明并出具</source>
        <translation>Void the original and issue</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/issue_page.py" line="621"/>
        <source>作废并重新出具：原证明 {number}（作废原因：{reason}）。核对、改正下面的内容后出具，原证明在新证明出具的同时作废。</source>
        <translation>Void and reissue: original certificate {number} (reason for voiding: {reason}). Check and correct the content below, then issue; the original is voided when the new certificate is issued.</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/issue_page.py" line="392"/>
        <source>保存更正</source>
        <translation>Save correction</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/issue_page.py" line="453"/>
        <source>原证明 {old} 已作废。</source>
        <translation>The original certificate {old} has been voided.</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/issue_page.py" line="463"/>
        <source>已受理，受理号 {number}；应于 {due} 前办结（{days} 个工作日）。见左侧“待办结”。请把受理回执交给村民。</source>
        <translation>Accepted, acceptance number {number}; due by {due} ({days} working days). See &quot;Pending&quot; on the left. Please give the acceptance receipt to the villager.</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/issue_page.py" line="690"/>
        <source>已更正受理 {number}：{reason}。出具时按更正后的内容。</source>
        <translation>Acceptance {number} corrected: {reason}. The certificate will use the corrected content.</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/issue_page.py" line="624"/>
        <source>更正受理 {number}：改正下面的内容或材料后保存，受理号和办结期限不变，出具时按更正后的内容。</source>
        <translation>Correct acceptance {number}: correct the content or materials below and save; the acceptance number and due date stay, and the certificate will use the corrected content.</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/issue_page.py" line="635"/>
        <source>此事项现在不能出具证明，请在左侧重新选择</source>
        <translation>A certificate cannot be issued for this item now; please choose again on the left</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/issue_page.py" line="650"/>
        <source>请写明原证明的作废原因</source>
        <translation>Please give the reason for voiding the original certificate</translation>
    </message>
</context>
<context>
    <name>ItemDelegate</name>
    <message>
        <location filename="../../villagedesk/ui/pages/catalogue_page.py" line="79"/>
        <source>示范</source>
        <translation>demo</translation>
    </message>
</context>
<context>
    <name>KeysPanel</name>
    <message>
        <location filename="../../villagedesk/ui/pages/keys_panel.py" line="20"/>
        <source>来源</source>
        <translation>Source</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/keys_panel.py" line="21"/>
        <location filename="../../villagedesk/ui/pages/keys_panel.py" line="27"/>
        <source>单位</source>
        <translation>Office</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/keys_panel.py" line="22"/>
        <location filename="../../villagedesk/ui/pages/keys_panel.py" line="28"/>
        <source>密钥编号</source>
        <translation>Key ID</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/keys_panel.py" line="23"/>
        <location filename="../../villagedesk/ui/pages/keys_panel.py" line="29"/>
        <source>指纹</source>
        <translation>Fingerprint</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/keys_panel.py" line="24"/>
        <location filename="../../villagedesk/ui/pages/keys_panel.py" line="30"/>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/keys_panel.py" line="31"/>
        <source>备注</source>
        <translation>Note</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/keys_panel.py" line="63"/>
        <source>签名密钥和信任</source>
        <translation>Signing keys and trust</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/keys_panel.py" line="68"/>
        <source>证明核验只认这里列出的密钥。“信任清单”是县里签发、经本机核对指纹后采用的；“手工”是本机导入公钥文件信任的；“本机”是本机自己的签名密钥。</source>
        <translation>Verification accepts only the keys listed here. “Trust list”: signed by the county and adopted after this desk checked its fingerprint; “By hand”: trusted here from a public key file; “This desk”: this desk&apos;s own signing key.</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/keys_panel.py" line="86"/>
        <source>待审核的密钥登记</source>
        <translation>Key enrolments awaiting review</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/keys_panel.py" line="87"/>
        <source>列入前请电话向报送单位核对指纹；列入的密钥在下次发布信任清单时生效。</source>
        <translation>Check the fingerprint with the sending office by phone before listing; listed keys take effect with the next published trust list.</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/keys_panel.py" line="91"/>
        <source>列入信任清单</source>
        <translation>Add to trust list</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/keys_panel.py" line="94"/>
        <source>拒绝</source>
        <translation>Refuse</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/keys_panel.py" line="97"/>
        <source>发布信任清单</source>
        <translation>Publish trust list</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/keys_panel.py" line="120"/>
        <source>县级密钥：{county}（{code}），指纹 {fp}（{when} 固定）</source>
        <translation>County key: {county} ({code}), fingerprint {fp} (pinned {when})</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/keys_panel.py" line="123"/>
        <source>县级密钥：尚未固定。收到县里的信任清单后，请电话核对指纹再固定。</source>
        <translation>County key: not pinned yet. When the county&apos;s trust list arrives, check its fingerprint by phone, then pin it.</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/keys_panel.py" line="126"/>
        <source>信任清单：第 {serial} 版，{n} 把密钥，有效期至 {until}</source>
        <translation>Trust list: version {serial}, {n} keys, valid until {until}</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/keys_panel.py" line="129"/>
        <source>（已过期，请向县里取得新的清单）</source>
        <translation> (expired: please get a new list from the county)</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/keys_panel.py" line="132"/>
        <source>信任清单：无</source>
        <translation>Trust list: none</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/keys_panel.py" line="144"/>
        <source>本机</source>
        <translation>This desk</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/keys_panel.py" line="144"/>
        <source>手工</source>
        <translation>By hand</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/keys_panel.py" line="144"/>
        <source>信任清单</source>
        <translation>Trust list</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/keys_panel.py" line="146"/>
        <source>已撤销：{day}（{why}）</source>
        <translation>Revoked: {day} ({why})</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/keys_panel.py" line="148"/>
        <source>有效至 {day}</source>
        <translation>Valid until {day}</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/keys_panel.py" line="150"/>
        <source>有效</source>
        <translation>Valid</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/keys_panel.py" line="183"/>
        <source>请先在表中选中一条密钥登记</source>
        <translation>Please select a key enrolment in the table first</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/keys_panel.py" line="186"/>
        <source>正在保存审核结果</source>
        <translation>Saving the decision</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/keys_panel.py" line="187"/>
        <source>{office}的密钥 {key}：{status}</source>
        <translation>Key {key} of {office}: {status}</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/keys_panel.py" line="191"/>
        <source>正在发布信任清单</source>
        <translation>Publishing the trust list</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/keys_panel.py" line="192"/>
        <source>已发布信任清单第 {serial} 版（{n} 把密钥，有效期至 {until}）：导出数据同步包时随目录下发</source>
        <translation>Trust list version {serial} published ({n} keys, valid until {until}): it goes down with the catalogue in the next sync export</translation>
    </message>
</context>
<context>
    <name>LedgerDetail</name>
    <message>
        <location filename="../../villagedesk/ui/pages/ledger_page.py" line="48"/>
        <source>证明</source>
        <translation>Certificate</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/ledger_page.py" line="49"/>
        <source>不予出具告知单</source>
        <translation>Refusal notice</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/ledger_page.py" line="50"/>
        <location filename="../../villagedesk/ui/pages/ledger_page.py" line="99"/>
        <source>受理登记</source>
        <translation>Acceptance record</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/ledger_page.py" line="51"/>
        <source>作废登记</source>
        <translation>Void record</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/ledger_page.py" line="83"/>
        <source>类别</source>
        <translation>Kind</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/ledger_page.py" line="84"/>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/ledger_page.py" line="87"/>
        <source>作废原因</source>
        <translation>Void reason</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/ledger_page.py" line="90"/>
        <source>作废登记时间</source>
        <translation>Voided at</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/ledger_page.py" line="93"/>
        <source>重新出具为</source>
        <translation>Reissued as</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/ledger_page.py" line="96"/>
        <source>原证明</source>
        <translation>Replaces</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/ledger_page.py" line="99"/>
        <source>关联记录</source>
        <translation>Related</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/ledger_page.py" line="102"/>
        <source>办结为</source>
        <translation>Closed as</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/ledger_page.py" line="107"/>
        <source>开具日期</source>
        <translation>Issued</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/ledger_page.py" line="108"/>
        <source>办结期限</source>
        <translation>Due by</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/ledger_page.py" line="109"/>
        <source>证明事项</source>
        <translation>Item</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/ledger_page.py" line="110"/>
        <source>依据</source>
        <translation>Basis</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/ledger_page.py" line="111"/>
        <source>申请人</source>
        <translation>Applicant</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/ledger_page.py" line="112"/>
        <source>申请人身份证号码</source>
        <translation>Applicant ID</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/ledger_page.py" line="113"/>
        <source>联系电话</source>
        <translation>Phone</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/ledger_page.py" line="114"/>
        <source>被证明人</source>
        <translation>Person certified</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/ledger_page.py" line="115"/>
        <source>被证明人身份证号码</source>
        <translation>Person&apos;s ID</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/ledger_page.py" line="116"/>
        <source>用途</source>
        <translation>Purpose</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/ledger_page.py" line="117"/>
        <source>致送单位</source>
        <translation>Addressed to</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/ledger_page.py" line="118"/>
        <source>佐证材料</source>
        <translation>Supporting docs</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/ledger_page.py" line="119"/>
        <source>核实方式</source>
        <translation>How verified</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/ledger_page.py" line="120"/>
        <source>村民（代表）会议/法律顾问意见</source>
        <translation>Meeting / legal opinion</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/ledger_page.py" line="121"/>
        <source>经办人</source>
        <translation>Handled by</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/ledger_page.py" line="122"/>
        <source>审核人</source>
        <translation>Reviewed by</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/ledger_page.py" line="123"/>
        <source>领取人</source>
        <translation>Collected by</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/ledger_page.py" line="124"/>
        <source>不予出具原因</source>
        <translation>Refusal reason</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/ledger_page.py" line="124"/>
        <source>原因</source>
        <translation>Reason</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/ledger_page.py" line="125"/>
        <source>备注</source>
        <translation>Notes</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/ledger_page.py" line="126"/>
        <source>登记时间</source>
        <translation>Recorded at</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/ledger_page.py" line="136"/>
        <source>证明正文</source>
        <translation>Certificate text</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/ledger_page.py" line="157"/>
        <source>在左侧选择一条记录，这里显示台账登记的全部内容，包括完整的身份证号码、作废原因和重新出具的编号。</source>
        <translation>Choose a record on the left to see everything the ledger holds for it here, including the full ID number, the reason it was voided and the number it was reissued as.</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/ledger_page.py" line="105"/>
        <source>更正</source>
        <translation>Correction</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/ledger_page.py" line="52"/>
        <source>更正登记</source>
        <translation>Correction entry</translation>
    </message>
</context>
<context>
    <name>LedgerModel</name>
    <message>
        <location filename="../../villagedesk/ui/ledger_model.py" line="36"/>
        <source>证明编号</source>
        <translation>Certificate no.</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/ledger_model.py" line="37"/>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/ledger_model.py" line="38"/>
        <source>开具日期</source>
        <translation>Issued</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/ledger_model.py" line="39"/>
        <source>证明事项</source>
        <translation>Item</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/ledger_model.py" line="40"/>
        <source>申请人</source>
        <translation>Applicant</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/ledger_model.py" line="41"/>
        <source>身份证号码</source>
        <translation>ID number</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/ledger_model.py" line="42"/>
        <source>被证明人</source>
        <translation>Person</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/ledger_model.py" line="43"/>
        <source>用途</source>
        <translation>Purpose</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/ledger_model.py" line="44"/>
        <source>致送单位</source>
        <translation>Addressed to</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/ledger_model.py" line="45"/>
        <source>经办人</source>
        <translation>Clerk</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/ledger_model.py" line="46"/>
        <source>备注</source>
        <translation>Notes</translation>
    </message>
</context>
<context>
    <name>LedgerPage</name>
    <message>
        <location filename="../../villagedesk/ui/pages/ledger_page.py" line="38"/>
        <source>全部状态</source>
        <translation>All statuses</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/ledger_page.py" line="238"/>
        <source>开具证明台账：每份证明、不予出具告知和受理都按编号登记，只增不改，作废另起一条（德宏州工作方案 四(二)“建立开具证明台账”）</source>
        <translation>The certificate ledger: every certificate, refusal notice and acceptance is recorded by number; records are only added, never changed, and voiding adds a new one (德宏州工作方案 四(二)“建立开具证明台账”)</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/ledger_page.py" line="302"/>
        <source>编号、姓名、身份证号码或事项</source>
        <translation>Number, name, ID number or item</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/ledger_page.py" line="309"/>
        <source>开具日期</source>
        <translation>Issued</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/ledger_page.py" line="313"/>
        <source>至</source>
        <translation>to</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/ledger_page.py" line="335"/>
        <source>不限</source>
        <translation>Any</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/ledger_page.py" line="337"/>
        <source>选最早的日期（显示“不限”）即不按日期筛选</source>
        <translation>Choose the earliest date (shown as &quot;Any&quot;) not to filter by date</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/ledger_page.py" line="343"/>
        <source>作废…</source>
        <translation>Void…</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/ledger_page.py" line="345"/>
        <source>作废所选证明：写明原因，台账另起一条作废登记</source>
        <translation>Void the chosen certificate: give a reason; the ledger adds a void record</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/ledger_page.py" line="351"/>
        <location filename="../../villagedesk/ui/pages/ledger_page.py" line="481"/>
        <source>重新打印</source>
        <translation>Reprint</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/ledger_page.py" line="353"/>
        <location filename="../../villagedesk/ui/pages/ledger_page.py" line="482"/>
        <source>按台账内容重新生成所选证明或告知单的 PDF，预览后打印</source>
        <translation>Make the PDF of the chosen certificate or notice again from the ledger, to preview and print</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/ledger_page.py" line="355"/>
        <source>导出 Excel…</source>
        <translation>Export Excel…</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/ledger_page.py" line="357"/>
        <source>把当前筛选出的记录导出为 .xlsx 文件</source>
        <translation>Export the records shown to an .xlsx file</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/ledger_page.py" line="359"/>
        <source>打印台账…</source>
        <translation>Print ledger…</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/ledger_page.py" line="361"/>
        <source>把当前筛选出的记录生成横向的台账 PDF，预览后打印</source>
        <translation>Make a landscape ledger PDF of the records shown, to preview and print</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/ledger_page.py" line="363"/>
        <source>校验台账</source>
        <translation>Check ledger</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/ledger_page.py" line="365"/>
        <source>逐条核对哈希链、签名和编号，检查台账是否在本程序之外被改动</source>
        <translation>Check the hash chain, signatures and numbers of every record, to see whether the ledger was changed outside this program</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/ledger_page.py" line="430"/>
        <source>共 {count} 条</source>
        <translation>Records: {count}</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/ledger_page.py" line="571"/>
        <source>已作废 {number}，原因：{reason}</source>
        <translation>Voided {number}, reason: {reason}</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/ledger_page.py" line="662"/>
        <source>正在重新生成 {number}</source>
        <translation>Making {number} again</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/ledger_page.py" line="671"/>
        <source>已重新生成 {file}，请在预览中核对后打印</source>
        <translation>Made {file} again; check it in the preview, then print</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/ledger_page.py" line="678"/>
        <source>开具证明台账-{date}.xlsx</source>
        <translation>certificate-ledger-{date}.xlsx</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/ledger_page.py" line="679"/>
        <source>导出台账</source>
        <translation>Export ledger</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/ledger_page.py" line="679"/>
        <source>Excel 工作簿 (*.xlsx)</source>
        <translation>Excel workbook (*.xlsx)</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/ledger_page.py" line="689"/>
        <source>正在导出台账</source>
        <translation>Exporting the ledger</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/ledger_page.py" line="694"/>
        <source>已导出 {count} 条记录到 {file}</source>
        <translation>Exported {count} records to {file}</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/ledger_page.py" line="704"/>
        <source>正在生成台账 PDF</source>
        <translation>Making the ledger PDF</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/ledger_page.py" line="709"/>
        <source>已生成 {file}，请在预览中核对后打印</source>
        <translation>Created {file}; check it in the preview, then print</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/ledger_page.py" line="722"/>
        <source>正在校验台账</source>
        <translation>Checking the ledger</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/ledger_page.py" line="729"/>
        <source>台账完整：共 {count} 条记录，哈希链、签名和编号均无误</source>
        <translation>Ledger intact: {count} records; hash chain, signatures and numbers all correct</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/ledger_page.py" line="736"/>
        <source>台账校验未通过：{problem}</source>
        <translation>Ledger check failed: {problem}</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/ledger_page.py" line="668"/>
        <source>{number} 已作废：重新生成的 {file} 印有“作废”标记和作废原因，不能当作有效证明</source>
        <translation>{number} is void: the regenerated {file} is marked &quot;作废&quot; (void) with the reason, and cannot be used as a valid certificate</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/ledger_page.py" line="347"/>
        <source>作废并重新出具…</source>
        <translation>Void and reissue…</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/ledger_page.py" line="349"/>
        <source>写明作废原因，再在“出具证明”中按原证明的内容改正后出具；原证明同时作废</source>
        <translation>Give the reason for voiding, then correct the original content in &quot;Issue certificate&quot; and issue; the original is voided at the same time</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/ledger_page.py" line="605"/>
        <source>已在“出具证明”中打开 {number} 的内容：改正后出具，原证明同时作废</source>
        <translation>The content of {number} is open in &quot;Issue certificate&quot;: correct it and issue; the original is voided at the same time</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/ledger_page.py" line="479"/>
        <source>按台账（含更正）重新生成受理回执，预览后打印</source>
        <translation>Regenerate the acceptance receipt from the ledger (with corrections), preview, then print</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/ledger_page.py" line="476"/>
        <source>此证明已作废：打印件印有醒目的“作废”字样、作废日期和原因，不能当作有效证明使用</source>
        <translation>This certificate is void: the printout carries a large &quot;作废&quot; (void) mark, the date and the reason, and cannot be used as a valid certificate</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/ledger_page.py" line="600"/>
        <source>请在主窗口的“证明台账”中操作</source>
        <translation>Please do this in the &quot;Certificate ledger&quot; page of the main window</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/ledger_page.py" line="478"/>
        <source>重新打印受理回执</source>
        <translation>Reprint acceptance receipt</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/ledger_page.py" line="475"/>
        <source>重新打印（带作废标记）</source>
        <translation>Reprint (marked void)</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/ledger_page.py" line="640"/>
        <source>{what}已取消</source>
        <translation>{what}: cancelled</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/ledger_page.py" line="565"/>
        <source>正在作废 {number}</source>
        <translation>Voiding {number}</translation>
    </message>
</context>
<context>
    <name>LedgerStatus</name>
    <message>
        <location filename="../../villagedesk/ui/ledger_model.py" line="107"/>
        <location filename="../../villagedesk/ui/pages/ledger_page.py" line="39"/>
        <location filename="../../villagedesk/ui/pages/township_page.py" line="33"/>
        <source>有效</source>
        <translation>Valid</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/ledger_model.py" line="108"/>
        <location filename="../../villagedesk/ui/pages/ledger_page.py" line="40"/>
        <location filename="../../villagedesk/ui/pages/township_page.py" line="34"/>
        <source>作废</source>
        <translation>Voided</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/ledger_model.py" line="109"/>
        <location filename="../../villagedesk/ui/pages/ledger_page.py" line="41"/>
        <location filename="../../villagedesk/ui/pages/township_page.py" line="34"/>
        <source>已重新出具</source>
        <translation>Reissued</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/ledger_model.py" line="110"/>
        <location filename="../../villagedesk/ui/pages/ledger_page.py" line="42"/>
        <location filename="../../villagedesk/ui/pages/township_page.py" line="35"/>
        <source>待出具</source>
        <translation>Pending</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/ledger_model.py" line="111"/>
        <location filename="../../villagedesk/ui/pages/ledger_page.py" line="43"/>
        <location filename="../../villagedesk/ui/pages/township_page.py" line="35"/>
        <source>逾期</source>
        <translation>Overdue</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/ledger_model.py" line="112"/>
        <location filename="../../villagedesk/ui/pages/ledger_page.py" line="44"/>
        <location filename="../../villagedesk/ui/pages/township_page.py" line="36"/>
        <source>已出具</source>
        <translation>Issued</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/ledger_model.py" line="113"/>
        <location filename="../../villagedesk/ui/pages/ledger_page.py" line="45"/>
        <location filename="../../villagedesk/ui/pages/township_page.py" line="36"/>
        <source>不予出具</source>
        <translation>Refused</translation>
    </message>
</context>
<context>
    <name>LongWork</name>
    <message>
        <location filename="../../villagedesk/ui/long_work.py" line="182"/>
        <source>{what}…</source>
        <translation>{what}…</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/long_work.py" line="313"/>
        <source>{what}未完成</source>
        <translation>{what}: not finished</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/long_work.py" line="248"/>
        <source>{what}：{step}</source>
        <translation>{what}: {step}</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/long_work.py" line="222"/>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/long_work.py" line="221"/>
        <source>正在处理…</source>
        <translation>Working…</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../villagedesk/ui/main_window.py" line="127"/>
        <source>演示数据</source>
        <translation>Demo data</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/main_window.py" line="129"/>
        <source>这是演示用的风平村数据，不是正式记录</source>
        <translation>Demo data of 风平村 (Fengping village), not real records</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/main_window.py" line="142"/>
        <source>数据来自另一台电脑：重新登记…</source>
        <translation>Data from another PC: re-enrol…</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/main_window.py" line="145"/>
        <source>本机已停止出具和签名，查询、打印和核验照常</source>
        <translation>This desk has stopped issuing and signing; search, printing and verification still work</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/main_window.py" line="240"/>
        <source>村务桌面 — {office}</source>
        <translation>VillageDesk — {office}</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/main_window.py" line="241"/>
        <source>{office}（{level}）</source>
        <translation>{office} ({level})</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/main_window.py" line="243"/>
        <source>适用目录：{summary}</source>
        <translation>Catalogues in use: {summary}</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/main_window.py" line="244"/>
        <source>适用目录：无（请在「设置」中导入本县目录）</source>
        <translation>Catalogues in use: none (import your county&apos;s catalogue in Settings)</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/main_window.py" line="245"/>
        <source>{title}  版本 {version}</source>
        <translation>{title}  version {version}</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/main_window.py" line="318"/>
        <source>{reason}，请等它完成后再关闭窗口。</source>
        <translation>{reason}. Please wait until it has finished before closing the window.</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/main_window.py" line="267"/>
        <source>上次备份：{date}，已超过一周。请在「设置」中点“立即备份”。</source>
        <translation>Last backup: {date}, more than a week ago. Click “Back up now” in Settings.</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/main_window.py" line="282"/>
        <source>后台检查发现数据文件有问题：{problem}。请不要再出具证明，立即运行 villagedesk backup 检查，并联系技术人员；关闭窗口后重新打开会给出恢复办法。</source>
        <translation>The background check found a problem in the data file: {problem}. Do not issue any more certificates; run villagedesk backup now to check it and contact your technician. Close and reopen the window to see how to restore.</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/main_window.py" line="271"/>
        <source>备份位置：{folder}</source>
        <translation>Backups are in: {folder}</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/main_window.py" line="269"/>
        <source>尚未备份</source>
        <translation>Not backed up yet</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/main_window.py" line="270"/>
        <source>本机还没有备份。请在「设置」中点“立即备份”。</source>
        <translation>This PC has no backup yet. Click “Back up now” in Settings.</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/main_window.py" line="266"/>
        <source>超过一周未备份</source>
        <translation>No backup for over a week</translation>
    </message>
</context>
<context>
    <name>Navigation</name>
    <message>
        <location filename="../../villagedesk/ui/main_window.py" line="21"/>
        <location filename="../../villagedesk/ui/pages/issue_page.py" line="60"/>
        <source>出具证明</source>
        <translation>Issue certificates</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/main_window.py" line="22"/>
        <location filename="../../villagedesk/ui/pages/ledger_page.py" line="237"/>
        <source>证明台账</source>
        <translation>Certificate ledger</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/main_window.py" line="23"/>
        <location filename="../../villagedesk/ui/pages/catalogue_page.py" line="259"/>
        <source>目录查询</source>
        <translation>Catalogue search</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/main_window.py" line="24"/>
        <location filename="../../villagedesk/ui/pages/signs_page.py" line="250"/>
        <source>牌子检查</source>
        <translation>Signboard check</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/main_window.py" line="25"/>
        <location filename="../../villagedesk/ui/pages/placeholder.py" line="16"/>
        <location filename="../../villagedesk/ui/pages/sync_page.py" line="139"/>
        <source>数据同步</source>
        <translation>Sync</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/main_window.py" line="26"/>
        <location filename="../../villagedesk/ui/pages/verify_page.py" line="56"/>
        <source>证明核验</source>
        <translation>Verify certificate</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/main_window.py" line="27"/>
        <location filename="../../villagedesk/ui/pages/settings_page.py" line="68"/>
        <source>设置</source>
        <translation>Settings</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/main_window.py" line="42"/>
        <source>汇总台账</source>
        <translation>Consolidated ledger</translation>
    </message>
</context>
<context>
    <name>PlaceholderPage</name>
    <message>
        <location filename="../../villagedesk/ui/pages/placeholder.py" line="10"/>
        <source>本版本尚未提供此功能。</source>
        <translation>This version does not offer this yet.</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/placeholder.py" line="17"/>
        <source>用U盘在村、乡镇、县之间传递台账和目录，支撑分级监管（厅字〔2022〕28号 三(二)）</source>
        <translation>Carry ledgers and catalogues between village, township and county on a USB stick, for supervision at each level (厅字〔2022〕28号 三(二))</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/placeholder.py" line="18"/>
        <source>村里把开具证明台账导出到U盘，报送乡镇；</source>
        <translation>the village exports its certificate ledger to a USB stick for the township;</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/placeholder.py" line="19"/>
        <source>乡镇导入各村的数据，汇总成一本台账，按村、月份和事项统计；</source>
        <translation>the township imports the villages&apos; data into one ledger, with counts by village, month and item;</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/placeholder.py" line="20"/>
        <source>县里发布的目录和单位公钥通过U盘逐级传到村里。</source>
        <translation>catalogues and office keys published by the county reach the villages level by level on a USB stick.</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/placeholder.py" line="21"/>
        <source>现在可以在「设置」中导入县里发来的目录文件（.xlsx 或 .csv）。</source>
        <translation>For now, a catalogue file from the county (.xlsx or .csv) can be imported in Settings.</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/placeholder.py" line="46"/>
        <source>以后的版本中，这一页将可以：</source>
        <translation>In a later version, this page will:</translation>
    </message>
</context>
<context>
    <name>Printing</name>
    <message>
        <location filename="../../villagedesk/ui/printing.py" line="36"/>
        <source>找不到要打印的文件：{path}</source>
        <translation>The file to print was not found: {path}</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/printing.py" line="40"/>
        <source>无法读取 PDF 文件 {name}：{reason}</source>
        <translation>Cannot read the PDF file {name}: {reason}</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/printing.py" line="84"/>
        <source>{name} 没有第 {page} 页</source>
        <translation>{name} has no page {page}</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/printing.py" line="112"/>
        <source>{name} 是空的，没有可打印的页</source>
        <translation>{name} is empty: no pages to print</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/printing.py" line="125"/>
        <source>无法开始打印：打印机没有准备好，或输出文件无法写入</source>
        <translation>Cannot start printing: the printer is not ready, or the output file cannot be written</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/printing.py" line="157"/>
        <source>打印预览 — {name}</source>
        <translation>Print preview — {name}</translation>
    </message>
</context>
<context>
    <name>ProblemsDialog</name>
    <message>
        <location filename="../../villagedesk/ui/common.py" line="513"/>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/common.py" line="517"/>
        <source>关闭</source>
        <translation>Close</translation>
    </message>
</context>
<context>
    <name>ReenrolDialog</name>
    <message>
        <location filename="../../villagedesk/ui/reenrol_dialog.py" line="21"/>
        <location filename="../../villagedesk/ui/reenrol_dialog.py" line="24"/>
        <location filename="../../villagedesk/ui/reenrol_dialog.py" line="52"/>
        <location filename="../../villagedesk/ui/reenrol_dialog.py" line="80"/>
        <source>重新登记本机</source>
        <translation>Re-enrol this desk</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/reenrol_dialog.py" line="26"/>
        <source>本机的数据是从另一台电脑复制或恢复来的。为免两台电脑各写一份同一条台账，本机已停止出具和签名，查询、打印和核验照常。</source>
        <translation>This desk&apos;s data was copied or restored from another PC. So that two PCs never write the same ledger, this desk has stopped issuing and signing; search, printing and verification still work.</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/reenrol_dialog.py" line="30"/>
        <source>重新登记后：本机成为新的桌面，换用一把新的签名密钥，接着原来的编号出具；原来那台电脑写下的记录都保留，用旧密钥签发的证明仍然有效。之后在“数据同步”照常写出同步包，新密钥的登记随包报乡镇转县，列入信任清单。</source>
        <translation>After re-enrolling, this PC becomes a new desk with a new signing key and goes on with the same numbering; everything the old PC wrote is kept, and certificates signed with the old key stay valid. Then write bundles on the Sync page as usual: they carry the new key&apos;s enrolment through the township to the county for its trust list.</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/reenrol_dialog.py" line="39"/>
        <source>更换电脑</source>
        <translation>Replaced the PC</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/reenrol_dialog.py" line="39"/>
        <source>从备份恢复到新电脑</source>
        <translation>Restored from a backup onto a new PC</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/reenrol_dialog.py" line="41"/>
        <source>原因：</source>
        <translation>Reason:</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/reenrol_dialog.py" line="43"/>
        <source>原来那台电脑已不再出具证明（已损坏、已停用或已交回）</source>
        <translation>The old PC no longer issues certificates (broken, retired or handed back)</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/reenrol_dialog.py" line="53"/>
        <source>以后再说</source>
        <translation>Later</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/reenrol_dialog.py" line="78"/>
        <source>已重新登记：本机从第 {position} 条起接着写本单位的台账。
新密钥指纹：{fingerprint}

{next}</source>
        <translation>Re-enrolled: this desk goes on with the office&apos;s ledger from entry {position}.
New key fingerprint: {fingerprint}

{next}</translation>
    </message>
</context>
<context>
    <name>SettingsPage</name>
    <message>
        <location filename="../../villagedesk/ui/pages/settings_page.py" line="28"/>
        <source>100%（默认）</source>
        <translation>100% (default)</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/settings_page.py" line="30"/>
        <source>目录</source>
        <translation>Catalogue</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/settings_page.py" line="31"/>
        <source>辖区</source>
        <translation>Jurisdiction</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/settings_page.py" line="32"/>
        <source>版本</source>
        <translation>Version</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/settings_page.py" line="33"/>
        <source>事项数</source>
        <translation>Items</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/settings_page.py" line="34"/>
        <source>本单位适用</source>
        <translation>Applies here</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/settings_page.py" line="37"/>
        <source>单位全称</source>
        <translation>Full name</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/settings_page.py" line="38"/>
        <source>单位简称</source>
        <translation>Short name</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/settings_page.py" line="39"/>
        <source>区划代码</source>
        <translation>Region code</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/settings_page.py" line="40"/>
        <source>级别</source>
        <translation>Level</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/settings_page.py" line="41"/>
        <source>辖区规则</source>
        <translation>Jurisdiction rules</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/settings_page.py" line="69"/>
        <source>本单位信息、字体大小、界面语言和本机已安装的目录（分级制定指导目录：厅字〔2022〕28号 三(二)）</source>
        <translation>This office&apos;s details, font size, language, and the catalogues installed on this PC (catalogues set level by level: 厅字〔2022〕28号 三(二))</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/settings_page.py" line="120"/>
        <source>修改…</source>
        <translation>Edit…</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/settings_page.py" line="122"/>
        <source>这是演示数据（风平村），不是正式记录。</source>
        <translation>These are demo data (风平村), not real records.</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/settings_page.py" line="137"/>
        <source>字体大小</source>
        <translation>Font size</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/settings_page.py" line="139"/>
        <source>屏幕较旧或看不清时调大，立即生效。</source>
        <translation>Larger for old screens; applies at once.</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/settings_page.py" line="148"/>
        <source>界面语言</source>
        <translation>Language</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/settings_page.py" line="146"/>
        <source>更改后，下次启动程序时生效。</source>
        <translation>Applies at the next start.</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/settings_page.py" line="130"/>
        <source>字体大小和界面语言</source>
        <translation>Font size and language</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/settings_page.py" line="154"/>
        <source>目录管理</source>
        <translation>Catalogues</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/settings_page.py" line="156"/>
        <source>县里发布新目录后，在这里导入（.xlsx 或 .csv）。整份目录检查无误才会导入，有任何错误都不会改动已安装的目录。</source>
        <translation>Import a new catalogue from the county here (.xlsx or .csv). A file with any error is not imported and changes nothing.</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/settings_page.py" line="171"/>
        <source>导入目录文件…</source>
        <translation>Import catalogue file…</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/settings_page.py" line="173"/>
        <source>导出导入模板…</source>
        <translation>Export import template…</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/settings_page.py" line="370"/>
        <source>适用</source>
        <translation>Yes</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/settings_page.py" line="370"/>
        <source>不适用</source>
        <translation>No</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/settings_page.py" line="373"/>
        <source>{title}
来源：{source}&#x3000;导入时间：{imported_at}</source>
        <translation>{title}
Source: {source}   Imported: {imported_at}</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/settings_page.py" line="485"/>
        <source>已保存。下次启动程序时，界面将使用 {language}。</source>
        <translation>Saved. The program will show {language} from its next start.</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/settings_page.py" line="492"/>
        <source>正在导入目录</source>
        <translation>A catalogue is being imported</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/settings_page.py" line="499"/>
        <source>导入目录文件</source>
        <translation>Import catalogue file</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/settings_page.py" line="500"/>
        <source>目录文件 (*.xlsx *.csv);;所有文件 (*)</source>
        <translation>Catalogue files (*.xlsx *.csv);;All files (*)</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/settings_page.py" line="510"/>
        <source>正在导入 {file} …</source>
        <translation>Importing {file} …</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/settings_page.py" line="527"/>
        <source>已导入</source>
        <translation>Imported</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/settings_page.py" line="529"/>
        <source>（已确认 {count} 处警告）</source>
        <translation> (warnings confirmed: {count})</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/settings_page.py" line="538"/>
        <source>未导入：程序出现了意外问题</source>
        <translation>Not imported: something unexpected went wrong in the program</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/settings_page.py" line="543"/>
        <source>已取消导入，已安装的目录没有改动</source>
        <translation>Import cancelled; the installed catalogues are unchanged</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/settings_page.py" line="546"/>
        <source>{file}：有 {count} 处需要确认的问题，尚未导入</source>
        <translation>{file}: not imported yet; problems to confirm: {count}</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/settings_page.py" line="549"/>
        <source>导入目录：请确认</source>
        <translation>Import catalogue: please confirm</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/settings_page.py" line="550"/>
        <source>{file} 有 {count} 处需要确认的问题（如繁体字、可疑的写法），目录尚未导入。
请逐条看过；确认无误后选择“仍然导入”。</source>
        <translation>{file} has problems to confirm ({count}), such as traditional characters or doubtful spellings; the catalogue has not been imported yet.
Please read each one; if all is in order, choose &quot;Import anyway&quot;.</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/settings_page.py" line="552"/>
        <source>仍然导入</source>
        <translation>Import anyway</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/settings_page.py" line="556"/>
        <source>未导入：{reason}</source>
        <translation>Not imported: {reason}</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/settings_page.py" line="557"/>
        <source>导入目录：未导入</source>
        <translation>Import catalogue: not imported</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/settings_page.py" line="558"/>
        <source>{reason}
已安装的目录没有改动。</source>
        <translation>{reason}
The installed catalogues have not been changed.</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/settings_page.py" line="570"/>
        <source>导出导入模板</source>
        <translation>Export import template</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/settings_page.py" line="570"/>
        <source>目录导入模板.xlsx</source>
        <translation>catalogue-import-template.xlsx</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/settings_page.py" line="571"/>
        <source>Excel 工作簿 (*.xlsx);;CSV 文件 (*.csv)</source>
        <translation>Excel workbook (*.xlsx);;CSV file (*.csv)</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/settings_page.py" line="582"/>
        <source>已写出模板：{file}（每个清单一行示例，填好后用“导入目录文件”导入）</source>
        <translation>Template written: {file} (one example row per list; fill it in, then use &quot;Import catalogue file&quot;)</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/settings_page.py" line="77"/>
        <source>单位信息</source>
        <translation>Office details</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/settings_page.py" line="99"/>
        <source>如 张丽</source>
        <translation>e.g. Zhang Li</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/settings_page.py" line="102"/>
        <source>保存经办人</source>
        <translation>Save clerk</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/settings_page.py" line="116"/>
        <source>打印在每份证明和告知单上；未填写时不能出具证明。</source>
        <translation>Printed on every certificate and refusal notice; no certificate can be issued without it.</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/settings_page.py" line="118"/>
        <source>经办人</source>
        <translation>Clerk</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/settings_page.py" line="332"/>
        <source>（按单位全称推出，请核对）</source>
        <translation> (proposed from the legal name, please check)</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/settings_page.py" line="435"/>
        <source>尚未设置经办人：出具证明前请填写</source>
        <translation>No clerk set yet: fill it in before issuing certificates</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/settings_page.py" line="205"/>
        <source>上次备份</source>
        <translation>Last backup</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/settings_page.py" line="213"/>
        <source>另存一份到 U 盘…</source>
        <translation>Also save a copy to a USB stick…</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/settings_page.py" line="297"/>
        <source>另存一份：{file}</source>
        <translation>Copy saved: {file}</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/settings_page.py" line="194"/>
        <source>备份</source>
        <translation>Backups</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/settings_page.py" line="204"/>
        <source>备份位置</source>
        <translation>Backup folder</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/settings_page.py" line="295"/>
        <source>已备份并检查通过：{file}（台账 {entries} 条）</source>
        <translation>Backed up and checked: {file} ({entries} ledger entries)</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/settings_page.py" line="275"/>
        <source>已有一份备份正在进行，请稍候</source>
        <translation>A backup is already running, please wait</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/settings_page.py" line="495"/>
        <source>正在备份</source>
        <translation>A backup is running</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/settings_page.py" line="273"/>
        <source>正在备份…</source>
        <translation>Backing up…</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/settings_page.py" line="239"/>
        <source>正在备份… {percent}%</source>
        <translation>Backing up… {percent}%</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/settings_page.py" line="196"/>
        <source>窗口打开时每天自动备份一次，导入目录、恢复和升级前也会自动备份；每份备份写好后都经过检查。备份不含签名私钥（在数据文件夹的 keys/ 中）：换电脑恢复时要连同 keys/ 一起复制。</source>
        <translation>While the window is open a backup is made once a day, and also before importing a catalogue, restoring or upgrading; every backup is checked once written. Backups do not contain the signing key (it is in keys/ in the data folder): when restoring on another PC, copy keys/ as well.</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/settings_page.py" line="211"/>
        <source>立即备份</source>
        <translation>Back up now</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/settings_page.py" line="253"/>
        <source>还没有备份</source>
        <translation>No backup yet</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/settings_page.py" line="280"/>
        <source>选择备份文件夹（如 U 盘）</source>
        <translation>Choose a backup folder (e.g. a USB stick)</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/settings_page.py" line="251"/>
        <source>（已超过一周，请立即备份）</source>
        <translation> (more than a week ago: please back up now)</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/settings_page.py" line="208"/>
        <source>保留</source>
        <translation>Kept</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/settings_page.py" line="256"/>
        <source>{days} 天内每天一份，{weeks} 周内每周一份，{months} 个月内每月一份（用 villagedesk backup --keep 修改）</source>
        <translation>one a day for {days} days, one a week for {weeks} weeks, one a month for {months} months (change with villagedesk backup --keep)</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/settings_page.py" line="517"/>
        <source>正在检查并导入目录文件 {file}</source>
        <translation>Checking and importing the catalogue file {file}</translation>
    </message>
</context>
<context>
    <name>SetupDialog</name>
    <message>
        <location filename="../../villagedesk/ui/setup_dialog.py" line="51"/>
        <source>修改本单位信息</source>
        <translation>Edit office details</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/setup_dialog.py" line="51"/>
        <source>设置本单位信息</source>
        <translation>Set up office details</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/setup_dialog.py" line="55"/>
        <source>修改后，适用的目录会按新的区划代码重新确定；已经出具的证明不受影响。</source>
        <translation>After a change, the catalogues that apply are chosen again from the new region code; certificates already issued are not affected.</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/setup_dialog.py" line="56"/>
        <source>第一次使用，请填写本单位的信息。区划代码决定适用哪个县的目录，也用于证明编号。</source>
        <translation>First use: please fill in this office&apos;s details. The region code decides which county&apos;s catalogues apply and is also used in certificate numbers.</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/setup_dialog.py" line="75"/>
        <source>12 位数字，如 533103105201</source>
        <translation>12 digits, e.g. 533103105201</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/setup_dialog.py" line="77"/>
        <source>区划代码</source>
        <translation>Region code</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/setup_dialog.py" line="78"/>
        <source>国家统计局的统计用区划代码；也可输入村名（如 风平）从内置区划中选择</source>
        <translation>The statistical division code of the National Bureau of Statistics; or type a village name (e.g. 风平) to choose from the built-in list</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/setup_dialog.py" line="88"/>
        <source>如 芒市风平镇风平村民委员会</source>
        <translation>e.g. 芒市风平镇风平村民委员会</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/setup_dialog.py" line="89"/>
        <source>单位全称</source>
        <translation>Full name</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/setup_dialog.py" line="91"/>
        <source>如 风平村；不填则按区划名称生成</source>
        <translation>e.g. 风平村; if left empty, made from the region name</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/setup_dialog.py" line="92"/>
        <source>单位简称</source>
        <translation>Short name</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/setup_dialog.py" line="92"/>
        <source>用于证明编号，最多 12 字</source>
        <translation>Used in certificate numbers, at most 12 characters</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/setup_dialog.py" line="96"/>
        <source>级别</source>
        <translation>Level</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/setup_dialog.py" line="135"/>
        <source>保存</source>
        <translation>Save</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/setup_dialog.py" line="138"/>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/setup_dialog.py" line="139"/>
        <source>使用演示数据（风平村）</source>
        <translation>Use demo data (风平村)</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/setup_dialog.py" line="140"/>
        <source>建立演示用的风平村办公室和示范目录，可以先熟悉程序</source>
        <translation>Set up the demo office of 风平村 with demo catalogues, to get to know the program first</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/setup_dialog.py" line="244"/>
        <source>用于证明编号，如 风平村</source>
        <translation>Used in certificate numbers, e.g. 风平村</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/setup_dialog.py" line="356"/>
        <source>（建议：{suggestion}）</source>
        <translation> (suggestion: {suggestion})</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/setup_dialog.py" line="100"/>
        <source>如 张丽</source>
        <translation>e.g. Zhang Li</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/setup_dialog.py" line="102"/>
        <source>经办人</source>
        <translation>Clerk</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/setup_dialog.py" line="103"/>
        <source>打印在每份证明和告知单上的经办人姓名；换人时在“设置”中修改</source>
        <translation>The clerk&apos;s name printed on every certificate and refusal notice; change it in Settings when someone else takes over</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/setup_dialog.py" line="106"/>
        <source>组织全称（打印牌子规格和摸排报告时使用）</source>
        <translation>Full names of the organisations (used on sign specs and audit reports)</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/setup_dialog.py" line="110"/>
        <source>按单位全称推出的建议名称，请按批准设置文件逐一核对；不知道的留空，打印时会提示未登记。</source>
        <translation>Names proposed from the legal name: check each against the approval documents; leave unknown ones empty and printouts will say they are not registered.</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/setup_dialog.py" line="119"/>
        <source>按单位全称填入建议名称</source>
        <translation>Fill in the proposed names</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/setup_dialog.py" line="120"/>
        <source>只填入空着的组织全称</source>
        <translation>Fills only the empty organisation names</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/setup_dialog.py" line="249"/>
        <source>请填写经办人姓名（打印在证明上）</source>
        <translation>Please enter the clerk&apos;s name (printed on certificates)</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/setup_dialog.py" line="257"/>
        <source>建议：{name}</source>
        <translation>Proposed: {name}</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/setup_dialog.py" line="257"/>
        <source>未登记</source>
        <translation>Not registered</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/setup_dialog.py" line="339"/>
        <source>正在保存</source>
        <translation>Saving</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/setup_dialog.py" line="375"/>
        <source>正在建立演示数据</source>
        <translation>Setting up the demo data</translation>
    </message>
</context>
<context>
    <name>SetupWizard</name>
    <message>
        <location filename="../../villagedesk/ui/setup_wizard.py" line="31"/>
        <source>第一步：选择本单位所在地</source>
        <translation>Step 1: where your office is</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/setup_wizard.py" line="32"/>
        <source>第二步：核对单位全称</source>
        <translation>Step 2: check the full legal name</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/setup_wizard.py" line="33"/>
        <source>第三步：组织全称、经办人和编号格式</source>
        <translation>Step 3: organisations, clerk and number format</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/setup_wizard.py" line="34"/>
        <source>第四步：数据和备份保存在哪里</source>
        <translation>Step 4: where data and backups are kept</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/setup_wizard.py" line="35"/>
        <source>第五步：目录从哪里来</source>
        <translation>Step 5: where the catalogue comes from</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/setup_wizard.py" line="60"/>
        <source>第一次使用：设置本单位</source>
        <translation>First use: set up your office</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/setup_wizard.py" line="91"/>
        <source>使用演示数据（风平村）</source>
        <translation>Use demo data (风平村)</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/setup_wizard.py" line="92"/>
        <source>建立演示用的风平村办公室和示范目录，可以先熟悉程序</source>
        <translation>Set up the demo office of 风平村 with demo catalogues, to get to know the program first</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/setup_wizard.py" line="97"/>
        <source>上一步</source>
        <translation>Back</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/setup_wizard.py" line="100"/>
        <location filename="../../villagedesk/ui/setup_wizard.py" line="374"/>
        <source>下一步</source>
        <translation>Next</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/setup_wizard.py" line="104"/>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/setup_wizard.py" line="122"/>
        <source>按国家统计局的统计用区划代码，逐级选择本单位。区划代码决定适用哪个县的目录，也用于证明编号。</source>
        <translation>Choose your office level by level from the statistical region codes. The region code decides which county catalogue applies and is used in certificate numbers.</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/setup_wizard.py" line="126"/>
        <source>省（自治区、直辖市）</source>
        <translation>Province</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/setup_wizard.py" line="127"/>
        <source>县（市、区）</source>
        <translation>County</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/setup_wizard.py" line="128"/>
        <source>乡镇（街道）</source>
        <translation>Township</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/setup_wizard.py" line="129"/>
        <source>本单位</source>
        <translation>Office</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/setup_wizard.py" line="142"/>
        <source>区划代码</source>
        <translation>Region code</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/setup_wizard.py" line="144"/>
        <source>本程序内置云南芒市、吉林延吉、重庆渝北三个县的区划；其他地方请直接填写国家统计局的 12 位统计用区划代码（填写后以它为准）。</source>
        <translation>The program comes with the regions of three counties (芒市, 延吉, 渝北); elsewhere, type the 12-digit statistical region code (it then counts instead of the lists).</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/setup_wizard.py" line="160"/>
        <source>单位全称</source>
        <translation>Full name</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/setup_wizard.py" line="161"/>
        <source>按区划名称推出的建议全称，请按批准设置文件核对。统计用名称（如 九龙村委会）是简称，不能作为全称打印在证明上。</source>
        <translation>The full name proposed from the region name: check it against the approval document. Statistical names (such as 九龙村委会) are short forms and must not be printed as the full name.</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/setup_wizard.py" line="167"/>
        <source>单位简称</source>
        <translation>Short name</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/setup_wizard.py" line="168"/>
        <source>用于证明编号，最多 12 字；不填则按区划名称生成</source>
        <translation>Used in certificate numbers, at most 12 characters; left empty, it is made from the region name</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/setup_wizard.py" line="170"/>
        <source>级别</source>
        <translation>Level</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/setup_wizard.py" line="179"/>
        <source>组织全称打印在牌子规格和摸排报告上：按单位全称推出建议，请逐一核对；不知道的留空，打印时会提示未登记。</source>
        <translation>The organisations’ full names are printed on sign specifications and survey reports: proposals made from the full name, check each one; leave unknown ones empty, printouts then say they are not registered.</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/setup_wizard.py" line="186"/>
        <source>未登记</source>
        <translation>Not registered</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/setup_wizard.py" line="193"/>
        <source>如 张丽</source>
        <translation>e.g. Zhang Li</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/setup_wizard.py" line="195"/>
        <source>经办人</source>
        <translation>Clerk</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/setup_wizard.py" line="196"/>
        <source>打印在每份证明和告知单上的经办人姓名；换人时在“设置”中修改</source>
        <translation>The clerk&apos;s name printed on every certificate and refusal notice; change it in Settings when someone else takes over</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/setup_wizard.py" line="201"/>
        <source>证明编号格式</source>
        <translation>Certificate number format</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/setup_wizard.py" line="213"/>
        <source>数据文件夹</source>
        <translation>Data folder</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/setup_wizard.py" line="217"/>
        <source>台账、目录、设置和签名密钥都在这个文件夹里。不要手工改动其中的文件；换电脑时请用备份和恢复，不要只复制文件夹。</source>
        <translation>The ledger, catalogues, settings and signing key are in this folder. Do not change its files by hand; to move to another PC, use backup and restore rather than copying the folder.</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/setup_wizard.py" line="220"/>
        <source>备份文件夹</source>
        <translation>Backup folder</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/setup_wizard.py" line="224"/>
        <source>程序会自动备份台账；另存到U盘等其他位置可在“设置”中选择。</source>
        <translation>The program backs up the ledger automatically; a second copy on a USB stick can be chosen in Settings.</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/setup_wizard.py" line="232"/>
        <source>从全国基础目录开始（以后可在“目录”页导入县级目录）</source>
        <translation>Start from the national baseline (import the county catalogue later on the catalogue page)</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/setup_wizard.py" line="233"/>
        <source>导入县级目录文件（.xlsx/.csv）</source>
        <translation>Import a county catalogue file (.xlsx/.csv)</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/setup_wizard.py" line="244"/>
        <source>县民政局发布的目录文件</source>
        <translation>The catalogue file published by the county</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/setup_wizard.py" line="246"/>
        <source>选择文件…</source>
        <translation>Choose file…</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/setup_wizard.py" line="252"/>
        <source>县级目录包（自动同步）将在以后的版本中提供；现在请导入县里发的目录文件，或先用全国基础目录。</source>
        <translation>County bundles (automatic sync) come in a later version; for now import the file the county sent, or start from the national baseline.</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/setup_wizard.py" line="263"/>
        <source>（请选择）</source>
        <translation>(please choose)</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/setup_wizard.py" line="276"/>
        <location filename="../../villagedesk/ui/setup_wizard.py" line="302"/>
        <source>（尚未选定）</source>
        <translation>(not chosen yet)</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/setup_wizard.py" line="349"/>
        <source>选择县级目录文件</source>
        <translation>Choose a county catalogue file</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/setup_wizard.py" line="349"/>
        <source>目录文件 (*.xlsx *.csv)</source>
        <translation>Catalogue files (*.xlsx *.csv)</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/setup_wizard.py" line="359"/>
        <source>{title}（{number}/{count}）</source>
        <translation>{title} ({number}/{count})</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/setup_wizard.py" line="363"/>
        <source>所在地：{path}（区划代码 {code}）</source>
        <translation>Location: {path} (region code {code})</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/setup_wizard.py" line="374"/>
        <source>完成</source>
        <translation>Finish</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/setup_wizard.py" line="381"/>
        <source>如 风平村</source>
        <translation>e.g. 风平村</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/setup_wizard.py" line="384"/>
        <source>第一份证明的编号：{number}</source>
        <translation>Number of the first certificate: {number}</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/setup_wizard.py" line="138"/>
        <source>12 位数字，如 533103105201</source>
        <translation>12 digits, e.g. 533103105201</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/setup_wizard.py" line="140"/>
        <source>或直接填写区划代码</source>
        <translation>Or type the region code</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/setup_wizard.py" line="418"/>
        <source>正在保存设置</source>
        <translation>Saving the setup</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/setup_wizard.py" line="450"/>
        <source>正在建立演示数据</source>
        <translation>Setting up the demo data</translation>
    </message>
</context>
<context>
    <name>SignAuditPanel</name>
    <message>
        <location filename="../../villagedesk/ui/pages/sign_audit_panel.py" line="64"/>
        <source>名称</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/sign_audit_panel.py" line="65"/>
        <source>类型</source>
        <translation>Type</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/sign_audit_panel.py" line="66"/>
        <source>宽×高（厘米）</source>
        <translation>W×H (cm)</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/sign_audit_panel.py" line="67"/>
        <source>位置</source>
        <translation>Placement</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/sign_audit_panel.py" line="68"/>
        <source>结论</source>
        <translation>Verdict</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/sign_audit_panel.py" line="69"/>
        <source>原因</source>
        <translation>Reason</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/sign_audit_panel.py" line="149"/>
        <source>不是牌子清单：应为 {&quot;format&quot;: &quot;villagedesk-sign-inventory/1&quot;, &quot;signs&quot;: [ … ]} 或牌子规格的数组</source>
        <translation>Not a sign list: expected {&quot;format&quot;: &quot;villagedesk-sign-inventory/1&quot;, &quot;signs&quot;: [ … ]} or an array of sign specs</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/sign_audit_panel.py" line="151"/>
        <source>牌子清单过长（{count} 块，最多 {limit} 块）</source>
        <translation>Sign list too long ({count} signs, at most {limit})</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/sign_audit_panel.py" line="170"/>
        <source>登记本单位悬挂的全部牌子，检查全部后得出每块牌子保留、更换还是摘除，以及缺少哪些牌子（基础底数摸排）。</source>
        <translation>Record every sign this office has up; Check all then says for each sign whether to keep, replace or remove it, and which signs are missing (the baseline survey).</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/sign_audit_panel.py" line="173"/>
        <source>加入正在检查的牌子</source>
        <translation>Add the sign being checked</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/sign_audit_panel.py" line="174"/>
        <source>把「检查牌子」中正在填写的牌子加入清单</source>
        <translation>Add the sign being filled in under &quot;Check a sign&quot; to the list</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/sign_audit_panel.py" line="176"/>
        <source>加入本单位标准牌子</source>
        <translation>Add this office&apos;s standard signs</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/sign_audit_panel.py" line="178"/>
        <source>导入清单…</source>
        <translation>Import list…</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/sign_audit_panel.py" line="179"/>
        <source>打开牌子清单 JSON 文件（villagedesk-sign-inventory/1）</source>
        <translation>Open a sign list JSON file (villagedesk-sign-inventory/1)</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/sign_audit_panel.py" line="181"/>
        <source>移除所选</source>
        <translation>Remove selected</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/sign_audit_panel.py" line="216"/>
        <source>检查全部</source>
        <translation>Check all</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/sign_audit_panel.py" line="219"/>
        <source>打印摸排报告…</source>
        <translation>Print survey report…</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/sign_audit_panel.py" line="220"/>
        <source>生成摸排报告 PDF（保留、更换、摘除、缺少），预览后打印，报乡镇</source>
        <translation>Make the survey report PDF (keep, replace, remove, missing) to preview, print and send to the township</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/sign_audit_panel.py" line="248"/>
        <source>清单已有 {limit} 块牌子，不能再加</source>
        <translation>The list already has {limit} signs; no more can be added</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/sign_audit_panel.py" line="251"/>
        <source>已加入「{name}」，共 {count} 块</source>
        <translation>Added &quot;{name}&quot;; signs: {count}</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/sign_audit_panel.py" line="263"/>
        <source>还没有读出本单位的标准牌子</source>
        <translation>This office&apos;s standard signs have not been read yet</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/sign_audit_panel.py" line="268"/>
        <source>已加入 {count} 块标准牌子</source>
        <translation>Standard signs added: {count}</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/sign_audit_panel.py" line="274"/>
        <source>先在表中选择要移除的牌子</source>
        <translation>First choose the signs to remove in the table</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/sign_audit_panel.py" line="280"/>
        <source>已移除 {count} 块</source>
        <translation>Signs removed: {count}</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/sign_audit_panel.py" line="286"/>
        <source>导入牌子清单</source>
        <translation>Import sign list</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/sign_audit_panel.py" line="286"/>
        <source>牌子清单 (*.json);;所有文件 (*)</source>
        <translation>Sign lists (*.json);;All files (*)</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/sign_audit_panel.py" line="289"/>
        <source>牌子清单</source>
        <translation>Sign list</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/sign_audit_panel.py" line="293"/>
        <source>已从 {file} 读入 {count} 块牌子，请点「检查全部」</source>
        <translation>Read {count} signs from {file}; now click &quot;Check all&quot;</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/sign_audit_panel.py" line="311"/>
        <location filename="../../villagedesk/ui/pages/sign_audit_panel.py" line="330"/>
        <source>清单是空的：先加入牌子</source>
        <translation>The list is empty: add signs first</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/sign_audit_panel.py" line="321"/>
        <source>已检查并保存（{time}）</source>
        <translation>Checked and saved ({time})</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/sign_audit_panel.py" line="339"/>
        <source>正在生成摸排报告</source>
        <translation>Making the survey report</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/sign_audit_panel.py" line="345"/>
        <source>已生成 {file}，请在预览中核对后打印</source>
        <translation>Created {file}; check it in the preview, then print</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/sign_audit_panel.py" line="362"/>
        <source>（不是牌子规格）</source>
        <translation>(not a sign spec)</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/sign_audit_panel.py" line="385"/>
        <source>共 {count} 块牌子，尚未检查</source>
        <translation>Signs: {count}, not checked yet</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/sign_audit_panel.py" line="386"/>
        <source>清单是空的</source>
        <translation>The list is empty</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/sign_audit_panel.py" line="389"/>
        <source>保留 {keep} 块，更换 {replace} 块，摘除 {remove} 块，缺少 {missing} 块</source>
        <translation>Keep {keep}, replace {replace}, remove {remove}, missing {missing}</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/sign_audit_panel.py" line="400"/>
        <source>加入牌子后点「检查全部」；双击一块牌子可在「检查牌子」中修改它。</source>
        <translation>Add signs, then click &quot;Check all&quot;; double-click a sign to edit it under &quot;Check a sign&quot;.</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/sign_audit_panel.py" line="407"/>
        <source>第 {index} 块「{name}」：{verdict}</source>
        <translation>Sign {index} &quot;{name}&quot;: {verdict}</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/sign_audit_panel.py" line="411"/>
        <source>全部牌子合起来看</source>
        <translation>All signs together</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/sign_audit_panel.py" line="412"/>
        <source>外部应挂的牌子齐全，没有功能室门头挂多块牌子。</source>
        <translation>All the outside signs required are there, and no room door has more than one sign.</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/sign_audit_panel.py" line="314"/>
        <source>正在检查并保存摸排结果</source>
        <translation>Checking and saving the audit</translation>
    </message>
</context>
<context>
    <name>SignFindings</name>
    <message>
        <location filename="../../villagedesk/ui/pages/sign_audit_panel.py" line="72"/>
        <source>不符合规定</source>
        <translation>Does not comply</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/sign_audit_panel.py" line="73"/>
        <source>需要核对</source>
        <translation>To check</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/sign_audit_panel.py" line="74"/>
        <source>说明</source>
        <translation>Notes</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/sign_audit_panel.py" line="104"/>
        <source>{cite}：“{quote}”</source>
        <translation>{cite}: “{quote}”</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/sign_audit_panel.py" line="133"/>
        <source>（{n} 处）</source>
        <translation> ({n} places)</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/sign_audit_panel.py" line="136"/>
        <source>依据：{source}</source>
        <translation>Basis: {source}</translation>
    </message>
</context>
<context>
    <name>SignFonts</name>
    <message>
        <location filename="../../villagedesk/ui/pages/signs_page.py" line="75"/>
        <source>标准宋体</source>
        <translation>标准宋体</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/signs_page.py" line="76"/>
        <source>美术宋体</source>
        <translation>美术宋体</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/signs_page.py" line="77"/>
        <source>思源宋体</source>
        <translation>思源宋体</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/signs_page.py" line="78"/>
        <source>方正小标宋</source>
        <translation>方正小标宋</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/signs_page.py" line="79"/>
        <source>宋体</source>
        <translation>宋体</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/signs_page.py" line="80"/>
        <source>黑体</source>
        <translation>黑体</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/signs_page.py" line="81"/>
        <source>楷体</source>
        <translation>楷体</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/signs_page.py" line="82"/>
        <source>仿宋</source>
        <translation>仿宋</translation>
    </message>
</context>
<context>
    <name>SignPreview</name>
    <message>
        <location filename="../../villagedesk/ui/sign_preview.py" line="80"/>
        <source>填写名称后，这里按比例画出牌子</source>
        <translation>Enter a name to see the sign drawn to scale here</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/sign_preview.py" line="82"/>
        <source>宽和高填写正确后，这里按比例画出牌子</source>
        <translation>With a valid width and height, the sign is drawn to scale here</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/sign_preview.py" line="87"/>
        <source>无法画出：{reason}</source>
        <translation>Cannot draw: {reason}</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/sign_preview.py" line="90"/>
        <source>无法画出这块牌子</source>
        <translation>Cannot draw this sign</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/sign_preview.py" line="104"/>
        <source>示意图，未按比例</source>
        <translation>Sketch, not to scale</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/sign_preview.py" line="105"/>
        <source>比例 1:{n}</source>
        <translation>Scale 1:{n}</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/sign_preview.py" line="161"/>
        <source>（颜色未填或有误，按白底黑字示意）</source>
        <translation> (colours invalid: black on white)</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/sign_preview.py" line="200"/>
        <location filename="../../villagedesk/ui/sign_preview.py" line="201"/>
        <source>{n} 厘米</source>
        <translation>{n} cm</translation>
    </message>
</context>
<context>
    <name>SignTerms</name>
    <message>
        <location filename="../../villagedesk/ui/pages/sign_audit_panel.py" line="42"/>
        <source>条牌</source>
        <translation>Strip sign</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/sign_audit_panel.py" line="43"/>
        <source>方牌</source>
        <translation>Square sign</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/sign_audit_panel.py" line="44"/>
        <source>门牌</source>
        <translation>Door sign</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/sign_audit_panel.py" line="45"/>
        <source>标识</source>
        <translation>Identity sign</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/sign_audit_panel.py" line="46"/>
        <source>指引牌</source>
        <translation>Guide sign</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/sign_audit_panel.py" line="49"/>
        <source>外部（大院门口或办公楼门厅外）</source>
        <translation>Outside (gate or entrance hall)</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/sign_audit_panel.py" line="50"/>
        <location filename="../../villagedesk/ui/pages/sign_audit_panel.py" line="55"/>
        <source>内部</source>
        <translation>Inside</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/sign_audit_panel.py" line="51"/>
        <location filename="../../villagedesk/ui/pages/sign_audit_panel.py" line="56"/>
        <source>功能室门头</source>
        <translation>Room door</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/sign_audit_panel.py" line="54"/>
        <source>外部</source>
        <translation>Outside</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/sign_audit_panel.py" line="59"/>
        <source>保留</source>
        <translation>Keep</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/sign_audit_panel.py" line="60"/>
        <source>更换</source>
        <translation>Replace</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/sign_audit_panel.py" line="61"/>
        <source>摘除</source>
        <translation>Remove</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/signs_page.py" line="85"/>
        <source>竖排（自上而下）</source>
        <translation>Top to bottom</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/signs_page.py" line="86"/>
        <source>横排（自左向右）</source>
        <translation>Left to right</translation>
    </message>
</context>
<context>
    <name>SignsPage</name>
    <message>
        <location filename="../../villagedesk/ui/pages/signs_page.py" line="90"/>
        <source>德宏州工作方案第7–8条</source>
        <translation>德宏州工作方案第7–8条</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/signs_page.py" line="111"/>
        <source>牌子</source>
        <translation>sign</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/signs_page.py" line="260"/>
        <source>检查牌子</source>
        <translation>Check a sign</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/signs_page.py" line="263"/>
        <source>牌子摸排</source>
        <translation>Sign survey</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/signs_page.py" line="272"/>
        <source>厅字〔2022〕28号 二(二)6</source>
        <translation>厅字〔2022〕28号 二(二)6</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/signs_page.py" line="274"/>
        <source>{local}；{central}</source>
        <translation>{local}; {central}</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/signs_page.py" line="275"/>
        <source>对照规定检查牌子的名称、用字、颜色、字体、尺寸和方向，打印交给制作单位的规格单（{clauses}）</source>
        <translation>Check a sign&apos;s name, characters, colours, typeface, size and direction against the rules, and print the spec sheet for the sign maker ({clauses})</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/signs_page.py" line="308"/>
        <source>本单位标准牌子</source>
        <translation>This office&apos;s standard signs</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/signs_page.py" line="311"/>
        <source>按本单位的批准名称和规则生成的标准牌子</source>
        <translation>Standard signs made from this office&apos;s approved names and the rules</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/signs_page.py" line="316"/>
        <source>新建</source>
        <translation>New</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/signs_page.py" line="318"/>
        <source>清空表单，填写另一块牌子</source>
        <translation>Clear the form to fill in another sign</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/signs_page.py" line="321"/>
        <source>打开规格…</source>
        <translation>Open spec…</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/signs_page.py" line="322"/>
        <source>打开牌子规格 JSON 文件</source>
        <translation>Open a sign spec JSON file</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/signs_page.py" line="341"/>
        <source>批准设置文件中的全称，如 中共××镇××村支部委员会</source>
        <translation>Full name as in the approval document, e.g. 中共××镇××村支部委员会</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/signs_page.py" line="343"/>
        <source>名称</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/signs_page.py" line="348"/>
        <source>批准的朝鲜文译名</source>
        <translation>Approved Korean name</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/signs_page.py" line="349"/>
        <source>朝鲜文名称</source>
        <translation>Korean name</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/signs_page.py" line="360"/>
        <source>类型</source>
        <translation>Type</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/signs_page.py" line="360"/>
        <source>排列方向</source>
        <translation>Direction</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/signs_page.py" line="367"/>
        <source>宽</source>
        <translation>W</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/signs_page.py" line="370"/>
        <source>高</source>
        <translation>H</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/signs_page.py" line="372"/>
        <source>厘米</source>
        <translation>cm</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/signs_page.py" line="373"/>
        <source>尺寸</source>
        <translation>Size</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/signs_page.py" line="377"/>
        <source>底色</source>
        <translation>Background</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/signs_page.py" line="378"/>
        <source>字色</source>
        <translation>Text colour</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/signs_page.py" line="392"/>
        <source>字体</source>
        <translation>Typeface</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/signs_page.py" line="392"/>
        <source>悬挂位置</source>
        <translation>Placement</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/signs_page.py" line="394"/>
        <source>有装饰（边框、花纹、徽标等）</source>
        <translation>Decorated (border, logo…)</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/signs_page.py" line="399"/>
        <source>如 201、党员活动室</source>
        <translation>e.g. 201, 党员活动室</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/signs_page.py" line="400"/>
        <source>功能室</source>
        <translation>Room</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/signs_page.py" line="401"/>
        <source>装饰</source>
        <translation>Decoration</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/signs_page.py" line="406"/>
        <source>按哪一套规定检查；默认为本单位所在州县的规定</source>
        <translation>Which rules to check against; by default those of this office&apos;s prefecture and county</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/signs_page.py" line="411"/>
        <source>规则</source>
        <translation>Rules</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/signs_page.py" line="556"/>
        <source>打印规格单…</source>
        <translation>Print spec sheet…</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/signs_page.py" line="558"/>
        <source>生成给制作单位的规格单 PDF（按比例的图、尺寸、颜色、字体、依据），预览后打印（Enter）</source>
        <translation>Make the spec sheet PDF for the sign maker (drawing to scale, size, colours, typeface, basis), to preview and print (Enter)</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/signs_page.py" line="560"/>
        <source>打印 1:1 分块…</source>
        <translation>Print 1:1 tiles…</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/signs_page.py" line="561"/>
        <source>把牌子按实际大小分块打印在 A4 纸上，拼贴后即为原大样稿</source>
        <translation>Print the sign at actual size in tiles on A4 paper; pasted together they make a full-size proof</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/signs_page.py" line="563"/>
        <source>检查样稿图片…</source>
        <translation>Check proof image…</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/signs_page.py" line="564"/>
        <source>打开制作单位发来的样稿（PNG、JPEG 或 PDF），核对宽高比和颜色</source>
        <translation>Open a proof from the sign maker (PNG, JPEG or PDF) and check its aspect ratio and colours</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/signs_page.py" line="566"/>
        <source>加入摸排清单</source>
        <translation>Add to survey</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/signs_page.py" line="567"/>
        <source>把这块牌子加入「牌子摸排」的清单</source>
        <translation>Add this sign to the list under &quot;Sign survey&quot;</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/signs_page.py" line="609"/>
        <source>正在读取牌子规则</source>
        <translation>Reading the sign rules</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/signs_page.py" line="640"/>
        <source>{name}（{kind}）</source>
        <translation>{name} ({kind})</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/signs_page.py" line="701"/>
        <source>不是牌子规格</source>
        <translation>Not a sign spec</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/signs_page.py" line="739"/>
        <source>本单位标准牌子：{name}</source>
        <translation>Standard sign of this office: {name}</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/signs_page.py" line="745"/>
        <source>新建牌子：填写名称，右侧随填随画</source>
        <translation>New sign: enter the name; it is drawn on the right as you type</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/signs_page.py" line="751"/>
        <source>打开牌子规格</source>
        <translation>Open sign spec</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/signs_page.py" line="751"/>
        <source>牌子规格 (*.json);;所有文件 (*)</source>
        <translation>Sign specs (*.json);;All files (*)</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/signs_page.py" line="754"/>
        <source>牌子规格文件</source>
        <translation>Sign spec file</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/signs_page.py" line="758"/>
        <source>已打开 {file}</source>
        <translation>Opened {file}</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/signs_page.py" line="857"/>
        <source>符合规定</source>
        <translation>Complies</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/signs_page.py" line="859"/>
        <source>符合规定（另有 {n} 处需要核对）</source>
        <translation>Complies (to check: {n})</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/signs_page.py" line="862"/>
        <source>{n} 处不符合规定</source>
        <translation>Does not comply: {n}</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/signs_page.py" line="867"/>
        <source>按{role}的牌子检查 · 规则：{rules}</source>
        <translation>Checked as a sign of {role} · Rules: {rules}</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/signs_page.py" line="871"/>
        <source>没有发现问题：名称、用字、颜色、字体、尺寸、方向和位置都符合所选规则。</source>
        <translation>No problems found: name, characters, colours, typeface, size, direction and placement all follow the chosen rules.</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/signs_page.py" line="902"/>
        <source>字高 {size} 厘米，字距 {gap} 厘米，边距 上 {top} 下 {bottom} 左 {left} 右 {right} 厘米；图中字形为思源宋体，仅示意位置和大小</source>
        <translation>Characters {size} cm high, {gap} cm apart; margins top {top}, bottom {bottom}, left {left}, right {right} cm. Drawn in 思源宋体 to show position and size only</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/signs_page.py" line="925"/>
        <source>先改正 {n} 处不符合规定的地方，才能生成规格单（见左侧）</source>
        <translation>Correct the problems first ({n}, see left) to make the spec sheet</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/signs_page.py" line="934"/>
        <source>正在生成 1:1 分块</source>
        <translation>Making the 1:1 tiles</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/signs_page.py" line="934"/>
        <source>正在生成规格单</source>
        <translation>Making the spec sheet</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/signs_page.py" line="945"/>
        <source>已生成规格单 {file} 和 1:1 分块 {tiles}（{sheets} 张 A4，另有拼贴示意 1 页），请在预览中核对后打印（打印时选“实际大小”）</source>
        <translation>Created the spec sheet {file} and the 1:1 tiles {tiles} ({sheets} A4 sheets plus 1 assembly page); check them in the preview, then print at &quot;Actual size&quot;</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/signs_page.py" line="949"/>
        <source>已生成 {file}，请在预览中核对后打印（打印时选“实际大小”）</source>
        <translation>Created {file}; check it in the preview, then print at &quot;Actual size&quot;</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/signs_page.py" line="968"/>
        <source>选择样稿图片</source>
        <translation>Choose proof image</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/signs_page.py" line="969"/>
        <source>样稿 (*.png *.jpg *.jpeg *.pdf);;所有文件 (*)</source>
        <translation>Proofs (*.png *.jpg *.jpeg *.pdf);;All files (*)</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/signs_page.py" line="980"/>
        <source>正在检查样稿</source>
        <translation>Checking the proof</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/signs_page.py" line="988"/>
        <source>样稿 {file} 与规格一致</source>
        <translation>Proof {file} matches the spec</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/signs_page.py" line="989"/>
        <source>样稿 {file} 有 {n} 处与规格不一致（见左侧）</source>
        <translation>Proof {file} differs from the spec ({n}, see left)</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/signs_page.py" line="994"/>
        <source>样稿检查：{file}</source>
        <translation>Proof check: {file}</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/signs_page.py" line="995"/>
        <source>量得宽高比 {aspect}，底色 {background}，字色 {text}</source>
        <translation>Measured aspect ratio {aspect}, background {background}, text colour {text}</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/signs_page.py" line="998"/>
        <source>样稿的宽高比和颜色与规格一致。</source>
        <translation>The proof&apos;s aspect ratio and colours match the spec.</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/signs_page.py" line="1006"/>
        <source>已加入摸排清单（共 {n} 块），在「牌子摸排」中检查全部</source>
        <translation>Added to the survey list (signs: {n}); check them all under &quot;Sign survey&quot;</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/signs_page.py" line="1019"/>
        <source>{what}，请稍候</source>
        <translation>{what}, please wait</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/signs_page.py" line="1039"/>
        <source>{what}未完成</source>
        <translation>{what}: not finished</translation>
    </message>
</context>
<context>
    <name>SyncPage</name>
    <message>
        <location filename="../../villagedesk/ui/pages/sync_page.py" line="31"/>
        <source>证明台账</source>
        <translation>Certificate ledger</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/sync_page.py" line="32"/>
        <source>拒绝的部门事项</source>
        <translation>Refused department requests</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/sync_page.py" line="33"/>
        <source>牌子摸排</source>
        <translation>Sign audits</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/sync_page.py" line="34"/>
        <source>密钥登记</source>
        <translation>Key enrolment</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/sync_page.py" line="35"/>
        <source>目录</source>
        <translation>Catalogues</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/sync_page.py" line="36"/>
        <source>信任清单</source>
        <translation>Trust list</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/sync_page.py" line="37"/>
        <source>回执</source>
        <translation>Acknowledgements</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/sync_page.py" line="40"/>
        <location filename="../../villagedesk/ui/pages/sync_page.py" line="54"/>
        <source>已导入</source>
        <translation>Imported</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/sync_page.py" line="41"/>
        <source>没有新内容（以前已导入）</source>
        <translation>Nothing new (imported before)</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/sync_page.py" line="42"/>
        <source>已导入可接上的部分，其余暂存</source>
        <translation>Imported what connects; the rest is held</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/sync_page.py" line="43"/>
        <source>已导入，发现冲突并已标记</source>
        <translation>Imported; conflicts found and flagged</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/sync_page.py" line="140"/>
        <source>用U盘在村、乡镇、县之间传递台账和目录：村里报送台账，县里下发目录和信任清单（厅字〔2022〕28号 三(二)）</source>
        <translation>Carry ledgers and catalogues between village, township and county on a USB stick: villages report their ledgers, the county sends catalogues and the trust list (厅字〔2022〕28号 三(二))</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/sync_page.py" line="143"/>
        <source>U 盘或文件夹</source>
        <translation>USB stick or folder</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/sync_page.py" line="152"/>
        <source>选择文件夹…</source>
        <translation>Choose folder…</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/sync_page.py" line="156"/>
        <source>尚未选择 U 盘或文件夹</source>
        <translation>No USB stick or folder chosen yet</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/sync_page.py" line="175"/>
        <source>发给下面各村（目录、信任清单、回执）</source>
        <translation>For the villages below (catalogues, trust list, acknowledgements)</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/sync_page.py" line="177"/>
        <source>全部重写（不只是对方还没收到的）</source>
        <translation>Write everything (not only what the other office has not received)</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/sync_page.py" line="670"/>
        <source>写出</source>
        <translation>Write</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/sync_page.py" line="178"/>
        <location filename="../../villagedesk/ui/pages/sync_page.py" line="190"/>
        <source>写出同步包</source>
        <translation>Write a bundle</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/sync_page.py" line="197"/>
        <source>尚未选择同步包</source>
        <translation>No bundle chosen yet</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/sync_page.py" line="200"/>
        <source>确认导入</source>
        <translation>Confirm import</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/sync_page.py" line="225"/>
        <source>电话核对后输入对方读出的指纹</source>
        <translation>Type the fingerprint read to you over the phone</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/sync_page.py" line="226"/>
        <source>重新预览</source>
        <translation>Preview again</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/sync_page.py" line="237"/>
        <source>导入同步包</source>
        <translation>Import a bundle</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/sync_page.py" line="248"/>
        <location filename="../../villagedesk/ui/pages/sync_page.py" line="470"/>
        <source>办公室</source>
        <translation>Office</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/sync_page.py" line="259"/>
        <source>同步记录</source>
        <translation>Sync record</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/sync_page.py" line="306"/>
        <location filename="../../villagedesk/ui/pages/sync_page.py" line="364"/>
        <source>正在写出同步包</source>
        <translation>Writing the bundle</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/sync_page.py" line="306"/>
        <location filename="../../villagedesk/ui/pages/sync_page.py" line="505"/>
        <source>正在导入同步包</source>
        <translation>Importing the bundle</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/sync_page.py" line="316"/>
        <source>{name}  {root}  可用 {free}</source>
        <translation>{name}  {root}  {free} free</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/sync_page.py" line="333"/>
        <source>选择 U 盘或文件夹</source>
        <translation>Choose a USB stick or folder</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/sync_page.py" line="339"/>
        <source>U 盘或文件夹：{folder}</source>
        <translation>USB stick or folder: {folder}</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/sync_page.py" line="357"/>
        <source>请先选择 U 盘或文件夹</source>
        <translation>Choose a USB stick or folder first</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/sync_page.py" line="360"/>
        <source>请至少勾选一种内容</source>
        <translation>Tick at least one kind of content</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/sync_page.py" line="371"/>
        <source>已写出：{file}</source>
        <translation>Written: {file}</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/sync_page.py" line="375"/>
        <source>内容：{counts}</source>
        <translation>Content: {counts}</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/sync_page.py" line="374"/>
        <source>已读回校验</source>
        <translation>Read back and checked</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/sync_page.py" line="47"/>
        <source>将导入</source>
        <translation>Will import</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/sync_page.py" line="48"/>
        <location filename="../../villagedesk/ui/pages/sync_page.py" line="55"/>
        <source>没有新内容</source>
        <translation>Nothing new</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/sync_page.py" line="49"/>
        <source>将暂存</source>
        <translation>Will be held</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/sync_page.py" line="50"/>
        <source>需核对指纹</source>
        <translation>Fingerprint check needed</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/sync_page.py" line="51"/>
        <source>不能导入</source>
        <translation>Cannot import</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/sync_page.py" line="56"/>
        <source>部分暂存</source>
        <translation>Partly held</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/sync_page.py" line="57"/>
        <source>已导入，有冲突</source>
        <translation>Imported, with conflicts</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/sync_page.py" line="58"/>
        <source>未导入</source>
        <translation>Not imported</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/sync_page.py" line="59"/>
        <source>未导入：需核对指纹</source>
        <translation>Not imported: fingerprint check needed</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/sync_page.py" line="60"/>
        <source>已取消</source>
        <translation>Cancelled</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/sync_page.py" line="203"/>
        <source>导入文件夹中的全部包…</source>
        <translation>Import all bundles in a folder…</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/sync_page.py" line="205"/>
        <source>一次预览并导入一个文件夹（如 U 盘）里的全部同步包</source>
        <translation>Preview and import all sync bundles in a folder (such as a USB stick) at once</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/sync_page.py" line="206"/>
        <source>确认导入全部</source>
        <translation>Import all</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/sync_page.py" line="306"/>
        <location filename="../../villagedesk/ui/pages/sync_page.py" line="615"/>
        <source>正在导入全部同步包</source>
        <translation>Importing all sync bundles</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/sync_page.py" line="374"/>
        <source>读回校验未通过</source>
        <translation>The read-back check failed</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/sync_page.py" line="377"/>
        <source>已写出同步包，可以拔下 U 盘</source>
        <translation>The bundle is written; the USB stick may be removed</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/sync_page.py" line="384"/>
        <source>选择同步包</source>
        <translation>Choose a bundle</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/sync_page.py" line="385"/>
        <source>同步包 (*.vdbundle)</source>
        <translation>Sync bundles (*.vdbundle)</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/sync_page.py" line="416"/>
        <location filename="../../villagedesk/ui/pages/sync_page.py" line="556"/>
        <source>正在预览同步包</source>
        <translation>Previewing the bundle</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/sync_page.py" line="427"/>
        <source>请核对预览，无误后点“确认导入”</source>
        <translation>Check the preview, then click “Confirm import”</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/sync_page.py" line="432"/>
        <source>签名密钥还不受本机信任：确认导入只登记这把密钥，其余暂存，县里列入信任清单后自动导入。</source>
        <translation>The signing key is not trusted here yet: confirming only enrols the key and holds the rest, which goes in by itself once the county lists the key.</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/sync_page.py" line="433"/>
        <source>或电话核对指纹 {fp}，输入后点“重新预览”，立即全部导入。</source>
        <translation>Or check fingerprint {fp} by phone, type it and click Preview again to import everything now.</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/sync_page.py" line="441"/>
        <source>本机还没有固定县级密钥。请电话向县里核对密钥指纹：{fp}</source>
        <translation>This desk has not pinned the county key yet. Check the key fingerprint with the county by phone: {fp}</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/sync_page.py" line="442"/>
        <source>这个包的签名密钥还不受本机信任。请电话向对方核对密钥指纹：{fp}</source>
        <translation>This desk does not trust the key that signed this bundle yet. Check its fingerprint with the sender by phone: {fp}</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/sync_page.py" line="443"/>
        <source>核对无误后，在下面输入对方读出的指纹，再点“重新预览”。</source>
        <translation>If it matches, type the fingerprint read to you below and click “Preview again”.</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/sync_page.py" line="457"/>
        <source>受信任</source>
        <translation>trusted</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/sync_page.py" line="458"/>
        <source>手工核对指纹后信任</source>
        <translation>trusted after checking the fingerprint by hand</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/sync_page.py" line="459"/>
        <source>未列入信任清单</source>
        <translation>not on the trust list</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/sync_page.py" line="459"/>
        <source>未列入信任清单：先登记密钥，其余暂存</source>
        <translation>not on the trust list: the key is enrolled, the rest held</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/sync_page.py" line="460"/>
        <source>来自：{name}（{code}）</source>
        <translation>From: {name} ({code})</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/sync_page.py" line="462"/>
        <source>写出于 {time}</source>
        <translation>Written at {time}</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/sync_page.py" line="463"/>
        <source>签名密钥指纹：{fp}（{trust}）</source>
        <translation>Signing key fingerprint: {fp} ({trust})</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/sync_page.py" line="464"/>
        <source>内容：{kinds}</source>
        <translation>Content: {kinds}</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/sync_page.py" line="469"/>
        <source>台账：共新增 {n} 条</source>
        <translation>Ledger: {n} new entries</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/sync_page.py" line="470"/>
        <source>条目</source>
        <translation>Entries</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/sync_page.py" line="470"/>
        <location filename="../../villagedesk/ui/pages/sync_page.py" line="590"/>
        <location filename="../../villagedesk/ui/pages/sync_page.py" line="640"/>
        <source>新增</source>
        <translation>New</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/sync_page.py" line="470"/>
        <source>说明</source>
        <translation>Note</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/sync_page.py" line="474"/>
        <source>新的单位：{codes}</source>
        <translation>New offices: {codes}</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/sync_page.py" line="477"/>
        <source>{kind}：新增 {new} 条，已有 {same} 条</source>
        <translation>{kind}: {new} new, {same} already here</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/sync_page.py" line="479"/>
        <source>，冲突 {n} 条</source>
        <translation>, {n} conflicts</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/sync_page.py" line="483"/>
        <source>信任清单：{county} 第 {serial} 版（本机现为 {current}），新增 {added} 把、撤销 {revoked} 把</source>
        <translation>Trust list: {county} version {serial} (this desk has {current}), {added} keys added, {revoked} revoked</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/sync_page.py" line="485"/>
        <location filename="../../villagedesk/ui/pages/sync_page.py" line="490"/>
        <location filename="../../villagedesk/ui/pages/sync_page.py" line="661"/>
        <source>无</source>
        <translation>none</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/sync_page.py" line="489"/>
        <source>目录 {name}：{old} → {new}，新增 {added} 项、删除 {removed} 项、改动 {reworded} 项</source>
        <translation>Catalogue {name}: {old} → {new}, {added} items added, {removed} removed, {reworded} reworded</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/sync_page.py" line="495"/>
        <source>这个包以前已导入过（再导入不会新增任何记录）</source>
        <translation>This bundle was imported before (importing it again adds nothing)</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/sync_page.py" line="501"/>
        <location filename="../../villagedesk/ui/pages/sync_page.py" line="610"/>
        <source>请先预览同步包</source>
        <translation>Preview the bundle first</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/sync_page.py" line="513"/>
        <source>{status}：新增台账 {added} 条</source>
        <translation>{status}: {added} new ledger entries</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/sync_page.py" line="515"/>
        <source>暂存：{reason}</source>
        <translation>Held: {reason}</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/sync_page.py" line="516"/>
        <source>冲突：{reason}</source>
        <translation>Conflict: {reason}</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/sync_page.py" line="517"/>
        <location filename="../../villagedesk/ui/pages/sync_page.py" line="641"/>
        <source>接上了先前暂存的包 {file}</source>
        <translation>Connected the held bundle {file}</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/sync_page.py" line="527"/>
        <source>选择放同步包的文件夹（如 U 盘）</source>
        <translation>Choose the folder holding the sync bundles (such as a USB stick)</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/sync_page.py" line="549"/>
        <source>{n} 个同步包</source>
        <translation>{n} sync bundles</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/sync_page.py" line="574"/>
        <source>共 {n} 个同步包：请核对预览，无误后点“确认导入全部”</source>
        <translation>{n} sync bundles: check the preview, then click “Import all”</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/sync_page.py" line="575"/>
        <source>共 {n} 个同步包，没有可以导入的</source>
        <translation>{n} sync bundles, none can be imported</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/sync_page.py" line="585"/>
        <source>共 {n} 个，按下表顺序导入：</source>
        <translation>{n} in all, imported in the order below:</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/sync_page.py" line="586"/>
        <source>{what} {n} 个</source>
        <translation>{what}: {n}</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/sync_page.py" line="587"/>
        <source>台账新增约 {n} 条</source>
        <translation>about {n} new ledger entries</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/sync_page.py" line="590"/>
        <location filename="../../villagedesk/ui/pages/sync_page.py" line="640"/>
        <source>文件</source>
        <translation>File</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/sync_page.py" line="590"/>
        <source>来自</source>
        <translation>From</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/sync_page.py" line="590"/>
        <source>内容</source>
        <translation>Contents</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/sync_page.py" line="590"/>
        <source>状态/原因</source>
        <translation>Status / reason</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/sync_page.py" line="598"/>
        <source>签名密钥（指纹 {fp}）需先电话核对：请点“选择同步包…”单独导入它</source>
        <translation>The signing key (fingerprint {fp}) must first be checked by phone: import this file on its own with “Choose bundle…”</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/sync_page.py" line="621"/>
        <source>已取消：没有导入任何同步包</source>
        <translation>Cancelled: no sync bundle was imported</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/sync_page.py" line="628"/>
        <source>新增台账 {added} 条，新的单位 {offices} 个，暂存 {held} 个，冲突 {flagged} 处，未导入 {refused} 个</source>
        <translation>{added} new ledger entries, {offices} new offices, {held} held, {flagged} conflicts, {refused} not imported</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/sync_page.py" line="631"/>
        <source>，待电话核对指纹 {n} 个</source>
        <translation>, {n} waiting for a fingerprint check by phone</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/sync_page.py" line="632"/>
        <source>已取消：其余的包未导入（已导入的每个包都是完整的）</source>
        <translation>Cancelled: the remaining bundles were not imported (every bundle imported is complete)</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/sync_page.py" line="632"/>
        <source>导入完成</source>
        <translation>Import finished</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/sync_page.py" line="640"/>
        <source>结果</source>
        <translation>Result</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/sync_page.py" line="654"/>
        <source>正在读取同步记录</source>
        <translation>Reading the sync record</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/sync_page.py" line="666"/>
        <source>是</source>
        <translation>yes</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/sync_page.py" line="670"/>
        <source>冲突</source>
        <translation>Conflict</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/sync_page.py" line="670"/>
        <source>暂存</source>
        <translation>Held</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/sync_page.py" line="670"/>
        <source>导入</source>
        <translation>Imported</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/sync_page.py" line="687"/>
        <source>还没有收发过同步包</source>
        <translation>No bundles written or imported yet</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/sync_page.py" line="689"/>
        <source>同步记录（冲突 {n}）</source>
        <translation>Sync record ({n} conflicts)</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/sync_page.py" line="659"/>
        <source>本机：{me}，上级：{up}</source>
        <translation>This desk: {me}; above: {up}</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/sync_page.py" line="109"/>
        <source>{name}（{code}）</source>
        <translation>{name} ({code})</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/sync_page.py" line="148"/>
        <source>点一下 U 盘，同步包就写到它上面、从它上面选</source>
        <translation>Click a USB stick: bundles are written to it and chosen from it</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/sync_page.py" line="150"/>
        <source>刷新 U 盘</source>
        <translation>Refresh USB sticks</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/sync_page.py" line="151"/>
        <source>插上或拔下 U 盘后，重新列出可用的 U 盘</source>
        <translation>After plugging in or removing a USB stick, list the sticks again</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/sync_page.py" line="188"/>
        <source>先在上面选好 U 盘或文件夹，勾选要带的内容，再点“写出同步包”。写好后这里显示文件名、收件单位和内容。</source>
        <translation>First choose a USB stick or folder above and tick what to include, then click &quot;Write a bundle&quot;. The file name, addressee and contents are shown here once it is written.</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/sync_page.py" line="196"/>
        <source>选择同步包…</source>
        <translation>Choose bundle…</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/sync_page.py" line="235"/>
        <source>点“选择同步包…”，选 U 盘里的 .vdbundle 文件：这里先显示它来自哪里、带了什么，核对无误后再点“确认导入”。</source>
        <translation>Click &quot;Choose bundle…&quot; and pick a .vdbundle file on the USB stick: here you first see where it comes from and what it holds; when it is right, click &quot;Confirm import&quot;.</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/sync_page.py" line="244"/>
        <source>刷新记录</source>
        <translation>Refresh records</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/sync_page.py" line="248"/>
        <source>区划代码</source>
        <translation>Region code</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/sync_page.py" line="248"/>
        <source>台账（条）</source>
        <translation>Ledger (entries)</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/sync_page.py" line="248"/>
        <source>本机的</source>
        <translation>This desk&apos;s</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/sync_page.py" line="249"/>
        <source>上级已收到（条）</source>
        <translation>Received above (entries)</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/sync_page.py" line="249"/>
        <location filename="../../villagedesk/ui/pages/sync_page.py" line="664"/>
        <source>本机还没有台账</source>
        <translation>This desk has no ledger yet</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/sync_page.py" line="665"/>
        <source>还没有导入下级单位的台账：请在“导入同步包”里导入它们的同步包</source>
        <translation>No ledger from the offices below has been imported yet: import their bundles under &quot;Import a bundle&quot;</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/sync_page.py" line="321"/>
        <source>没有找到 U 盘：插好后点“刷新 U 盘”，或点“选择文件夹…”</source>
        <translation>No USB stick found: plug one in and click &quot;Refresh USB sticks&quot;, or click &quot;Choose folder…&quot;</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/sync_page.py" line="372"/>
        <source>收件单位：{office}；大小 {size} 字节，{checked}</source>
        <translation>Addressee: {office}; size {size} bytes, {checked}</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/sync_page.py" line="449"/>
        <source>输入的指纹与这把密钥不符：请再向对方核对</source>
        <translation>The fingerprint typed does not match this key: please check it with the sender again</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/sync_page.py" line="450"/>
        <source>还不能导入：请先电话核对密钥指纹（见上）</source>
        <translation>Cannot import yet: first check the key fingerprint by phone (see above)</translation>
    </message>
</context>
<context>
    <name>Term</name>
    <message>
        <location filename="../../villagedesk/ui/common.py" line="64"/>
        <source>依法自治事项</source>
        <translation>Self-governance affairs</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/common.py" line="65"/>
        <source>协助政府工作事项</source>
        <translation>Assisting government</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/common.py" line="66"/>
        <source>负面清单</source>
        <translation>Negative list</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/common.py" line="67"/>
        <source>机制牌子保留目录</source>
        <translation>Retained signboards</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/common.py" line="68"/>
        <source>保留出具证明事项</source>
        <translation>Retained certificates</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/common.py" line="69"/>
        <source>不应出具证明事项</source>
        <translation>Certificates not to issue</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/common.py" line="70"/>
        <source>国家</source>
        <translation>national</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/common.py" line="71"/>
        <source>省级</source>
        <translation>provincial</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/common.py" line="72"/>
        <source>州市级</source>
        <translation>prefectural</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/common.py" line="73"/>
        <source>县级</source>
        <translation>county</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/common.py" line="74"/>
        <source>示范</source>
        <translation>demo</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/common.py" line="75"/>
        <source>村</source>
        <translation>village</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/common.py" line="76"/>
        <source>乡镇</source>
        <translation>township</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/common.py" line="77"/>
        <source>县</source>
        <translation>county</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/common.py" line="78"/>
        <source>责任部门</source>
        <translation>Responsible department</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/common.py" line="79"/>
        <source>要求出具的部门</source>
        <translation>Department requiring it</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/common.py" line="80"/>
        <source>改由何处办理</source>
        <translation>Handled instead by</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/common.py" line="81"/>
        <source>经费保障</source>
        <translation>Funding</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/common.py" line="82"/>
        <location filename="../../villagedesk/ui/pages/issue_panels.py" line="271"/>
        <source>所需材料</source>
        <translation>Required documents</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/common.py" line="83"/>
        <source>办理程序</source>
        <translation>Procedure</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/common.py" line="84"/>
        <source>办理时限</source>
        <translation>Time limit</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/common.py" line="85"/>
        <source>表单</source>
        <translation>Form</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/common.py" line="86"/>
        <location filename="../../villagedesk/ui/pages/issue_panels.py" line="272"/>
        <source>替代方式</source>
        <translation>Alternatives</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/common.py" line="87"/>
        <source>牌子类型</source>
        <translation>Sign type</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/common.py" line="88"/>
        <source>悬挂位置</source>
        <translation>Placement</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/common.py" line="89"/>
        <source>名称样式</source>
        <translation>Name pattern</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/common.py" line="90"/>
        <location filename="../../villagedesk/ui/pages/issue_panels.py" line="273"/>
        <source>办理途径依据</source>
        <translation>Legal basis of the channel</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/common.py" line="91"/>
        <source>告知承诺</source>
        <translation>Written commitment</translation>
    </message>
</context>
<context>
    <name>TownshipPage</name>
    <message>
        <location filename="../../villagedesk/ui/pages/township_page.py" line="33"/>
        <source>全部状态</source>
        <translation>All statuses</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/township_page.py" line="38"/>
        <source>按月</source>
        <translation>By month</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/township_page.py" line="38"/>
        <source>按村</source>
        <translation>By village</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/township_page.py" line="39"/>
        <source>按事项</source>
        <translation>By item</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/township_page.py" line="42"/>
        <source>汇总台账.xlsx</source>
        <translation>consolidated-ledger.xlsx</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/township_page.py" line="42"/>
        <location filename="../../villagedesk/ui/pages/township_page.py" line="44"/>
        <location filename="../../villagedesk/ui/pages/township_page.py" line="47"/>
        <location filename="../../villagedesk/ui/pages/township_page.py" line="48"/>
        <source>Excel 工作簿 (*.xlsx)</source>
        <translation>Excel workbook (*.xlsx)</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/township_page.py" line="43"/>
        <source>证明办理情况报表.xlsx</source>
        <translation>certificate-report.xlsx</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/township_page.py" line="45"/>
        <source>证明办理情况报表.pdf</source>
        <translation>certificate-report.pdf</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/township_page.py" line="45"/>
        <location filename="../../villagedesk/ui/pages/township_page.py" line="49"/>
        <source>PDF (*.pdf)</source>
        <translation>PDF (*.pdf)</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/township_page.py" line="46"/>
        <source>需要关注的情况.xlsx</source>
        <translation>flags.xlsx</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/township_page.py" line="48"/>
        <source>未予承接事项.xlsx</source>
        <translation>refused-requests.xlsx</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/township_page.py" line="49"/>
        <source>工作完成情况.pdf</source>
        <translation>work-summary.pdf</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/township_page.py" line="50"/>
        <source>工作完成情况.txt</source>
        <translation>work-summary.txt</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/township_page.py" line="50"/>
        <source>文本 (*.txt)</source>
        <translation>Text (*.txt)</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/township_page.py" line="139"/>
        <location filename="../../villagedesk/ui/pages/township_page.py" line="202"/>
        <source>汇总台账</source>
        <translation>Consolidated ledger</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/township_page.py" line="140"/>
        <source>各村导入的开具证明台账合为一本：查询、按村按月按事项统计、提示问题、导出报表和工作完成情况（德宏州方案 四(二)、四(三)）</source>
        <translation>The villages&apos; imported certificate ledgers as one: search, counts by village, month and item, flags, reports and the work summary (Dehong plan 四(二), 四(三))</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/township_page.py" line="149"/>
        <location filename="../../villagedesk/ui/pages/township_page.py" line="196"/>
        <location filename="../../villagedesk/ui/pages/township_page.py" line="225"/>
        <location filename="../../villagedesk/ui/pages/township_page.py" line="246"/>
        <location filename="../../villagedesk/ui/pages/township_page.py" line="267"/>
        <source>办公室</source>
        <translation>Office</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/township_page.py" line="149"/>
        <source>最早记录</source>
        <translation>First entry</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/township_page.py" line="150"/>
        <source>最近记录</source>
        <translation>Last entry</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/township_page.py" line="152"/>
        <source>各村</source>
        <translation>Villages</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/township_page.py" line="158"/>
        <location filename="../../villagedesk/ui/pages/township_page.py" line="393"/>
        <source>全部村</source>
        <translation>All villages</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/township_page.py" line="160"/>
        <source>编号、姓名、身份证号码或事项</source>
        <translation>Number, name, ID number or item</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/township_page.py" line="171"/>
        <source>查询</source>
        <translation>Search</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/township_page.py" line="173"/>
        <location filename="../../villagedesk/ui/pages/township_page.py" line="213"/>
        <location filename="../../villagedesk/ui/pages/township_page.py" line="242"/>
        <location filename="../../villagedesk/ui/pages/township_page.py" line="263"/>
        <source>导出 Excel</source>
        <translation>Export to Excel</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/township_page.py" line="196"/>
        <source>编号</source>
        <translation>Number</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/township_page.py" line="182"/>
        <location filename="../../villagedesk/ui/pages/township_page.py" line="196"/>
        <source>日期</source>
        <translation>Date</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/township_page.py" line="179"/>
        <location filename="../../villagedesk/ui/pages/township_page.py" line="196"/>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/township_page.py" line="197"/>
        <source>证明事项</source>
        <translation>Item</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/township_page.py" line="197"/>
        <source>申请人</source>
        <translation>Applicant</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/township_page.py" line="197"/>
        <source>被证明人</source>
        <translation>Certified person</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/township_page.py" line="197"/>
        <source>用途</source>
        <translation>Purpose</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/township_page.py" line="214"/>
        <location filename="../../villagedesk/ui/pages/township_page.py" line="277"/>
        <source>生成 PDF</source>
        <translation>Make PDF</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/township_page.py" line="215"/>
        <source>图表</source>
        <translation>Chart</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/township_page.py" line="225"/>
        <source>出具</source>
        <translation>Issued</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/township_page.py" line="225"/>
        <source>不予出具</source>
        <translation>Refused</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/township_page.py" line="225"/>
        <source>受理</source>
        <translation>Accepted</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/township_page.py" line="226"/>
        <source>作废</source>
        <translation>Voided</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/township_page.py" line="236"/>
        <source>报表</source>
        <translation>Report</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/township_page.py" line="246"/>
        <source>级别</source>
        <translation>Level</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/township_page.py" line="246"/>
        <location filename="../../villagedesk/ui/pages/township_page.py" line="257"/>
        <source>提示</source>
        <translation>Flag</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/township_page.py" line="246"/>
        <source>情况</source>
        <translation>Finding</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/township_page.py" line="267"/>
        <source>收到日期</source>
        <translation>Received on</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/township_page.py" line="267"/>
        <source>提出部门</source>
        <translation>Department</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/township_page.py" line="267"/>
        <source>要求内容</source>
        <translation>Request</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/township_page.py" line="268"/>
        <source>核对结论</source>
        <translation>Verdict</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/township_page.py" line="271"/>
        <source>未予承接事项</source>
        <translation>Refused requests</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/township_page.py" line="278"/>
        <source>存为文本（可编辑）</source>
        <translation>Save as text (editable)</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/township_page.py" line="285"/>
        <source>工作完成情况</source>
        <translation>Work summary</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/township_page.py" line="318"/>
        <location filename="../../villagedesk/ui/pages/township_page.py" line="460"/>
        <source>正在导出</source>
        <translation>Exporting</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/township_page.py" line="332"/>
        <source>正在读取各村台账</source>
        <translation>Reading the villages&apos; ledgers</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/township_page.py" line="337"/>
        <source>未收到</source>
        <translation>None received</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/township_page.py" line="353"/>
        <source>已汇总 {n} 个村的台账</source>
        <translation>Ledgers of {n} villages consolidated</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/township_page.py" line="367"/>
        <source>正在查询</source>
        <translation>Searching</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/township_page.py" line="375"/>
        <source>共 {total} 条</source>
        <translation>{total} entries</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/township_page.py" line="376"/>
        <source>共 {total} 条，显示前 {shown} 条（请用条件缩小范围，或导出 Excel）</source>
        <translation>{total} entries, the first {shown} shown (narrow the search, or export to Excel)</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/township_page.py" line="383"/>
        <source>正在统计</source>
        <translation>Counting</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/township_page.py" line="412"/>
        <source>提示（{n}）</source>
        <translation>Flags ({n})</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/township_page.py" line="437"/>
        <source>保存</source>
        <translation>Save</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/township_page.py" line="464"/>
        <source>已保存：{file}</source>
        <translation>Saved: {file}</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/township_page.py" line="149"/>
        <source>区划代码</source>
        <translation>Region code</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/township_page.py" line="149"/>
        <source>台账（条）</source>
        <translation>Ledger (entries)</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/township_page.py" line="150"/>
        <source>最近收到同步包</source>
        <translation>Last bundle received</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/township_page.py" line="151"/>
        <source>还没有导入任何村的台账：请在“数据同步”页导入各村的同步包</source>
        <translation>No village ledger imported yet: import the villages&apos; bundles on the &quot;Data sync&quot; page</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/township_page.py" line="165"/>
        <source>如 2026-01-01</source>
        <translation>e.g. 2026-01-01</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/township_page.py" line="167"/>
        <source>如 2026-12-31</source>
        <translation>e.g. 2026-12-31</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/township_page.py" line="170"/>
        <source>日期写成 年-月-日，如 2026-01-01；留空为不限</source>
        <translation>Write dates as year-month-day, e.g. 2026-01-01; leave empty for no limit</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/township_page.py" line="174"/>
        <source>把按上面条件查到的全部记录存为 Excel 工作簿</source>
        <translation>Save every entry found with the conditions above as an Excel workbook</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/township_page.py" line="177"/>
        <source>村</source>
        <translation>Village</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/township_page.py" line="184"/>
        <source>至</source>
        <translation>to</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/township_page.py" line="188"/>
        <source>查找</source>
        <translation>Find</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/township_page.py" line="198"/>
        <source>没有符合条件的记录</source>
        <translation>No entries match</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/township_page.py" line="211"/>
        <source>重新统计</source>
        <translation>Count again</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/township_page.py" line="212"/>
        <source>按“汇总台账”页所选的村和日期重新统计</source>
        <translation>Count again for the village and dates chosen on the &quot;Consolidated ledger&quot; tab</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/township_page.py" line="247"/>
        <source>没有需要关注的情况</source>
        <translation>Nothing needs attention</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/township_page.py" line="268"/>
        <source>各村没有报来未予承接的部门事项</source>
        <translation>No village has reported a refused department request</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/township_page.py" line="394"/>
        <source>统计范围：{office}，{a} 至 {b}（村和日期在“汇总台账”页选择）</source>
        <translation>Counted: {office}, {a} to {b} (village and dates are chosen on the &quot;Consolidated ledger&quot; tab)</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/township_page.py" line="399"/>
        <source>合计</source>
        <translation>Total</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/township_page.py" line="421"/>
        <source>依据：{basis}</source>
        <translation>Basis: {basis}</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/township_page.py" line="422"/>
        <source>选中一条提示，这里显示它依据的政策条款</source>
        <translation>Choose a flag to see here the policy clause it rests on</translation>
    </message>
</context>
<context>
    <name>UpdatePreviewDialog</name>
    <message>
        <location filename="../../villagedesk/ui/pages/catalogue_page.py" line="179"/>
        <source>导入目录：请确认改动</source>
        <translation>Import catalogue: confirm the changes</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/catalogue_page.py" line="184"/>
        <source>{title}：已安装 {old} → 新版本 {new}</source>
        <translation>{title}: installed {old} → new version {new}</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/catalogue_page.py" line="187"/>
        <source>{title} {new}：本机尚未安装这个辖区的目录，将新增 {count} 项</source>
        <translation>{title} {new}: no catalogue of this jurisdiction is installed yet; {count} items will be added</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/catalogue_page.py" line="198"/>
        <source>另有 {count} 处需要确认的问题（如繁体字），列在最后；选择“导入”即表示已确认。</source>
        <translation>There are also {count} points to confirm (such as traditional characters), listed at the end; choosing “Import” confirms them.</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/catalogue_page.py" line="206"/>
        <source>需要确认的问题</source>
        <translation>Points to confirm</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/catalogue_page.py" line="212"/>
        <source>导入</source>
        <translation>Import</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/catalogue_page.py" line="213"/>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
</context>
<context>
    <name>VerifyPage</name>
    <message>
        <location filename="../../villagedesk/ui/pages/verify_page.py" line="34"/>
        <source>编号</source>
        <translation>Number</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/verify_page.py" line="35"/>
        <source>事项</source>
        <translation>Item</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/verify_page.py" line="36"/>
        <source>出具日期</source>
        <translation>Issued on</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/verify_page.py" line="37"/>
        <source>持证人</source>
        <translation>Holder</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/verify_page.py" line="38"/>
        <source>身份证号码</source>
        <translation>ID number</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/verify_page.py" line="39"/>
        <source>出具单位</source>
        <translation>Issued by</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/verify_page.py" line="40"/>
        <location filename="../../villagedesk/ui/pages/verify_page.py" line="254"/>
        <source>本机台账</source>
        <translation>Ledger on this PC</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/verify_page.py" line="57"/>
        <source>核验证明上的二维码：是否由登记的村级组织出具、内容是否被改动、是否已作废（厅字〔2022〕28号 二(三)7、8）</source>
        <translation>Verify a certificate&apos;s QR code: issued by a registered village organisation, content unchanged, not voided (厅字〔2022〕28号 二(三)7, 8)</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/verify_page.py" line="64"/>
        <source>用扫码枪扫描证明左下角、证明编号旁的二维码（或粘贴二维码内容后按 Enter）：</source>
        <translation>Scan the QR code at the bottom left of the certificate, beside its number (or paste its content and press Enter):</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/verify_page.py" line="70"/>
        <source>VD1:…</source>
        <translation>VD1:…</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/verify_page.py" line="82"/>
        <source>核验</source>
        <translation>Verify</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/verify_page.py" line="89"/>
        <source>打开图片…</source>
        <translation>Open image…</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/verify_page.py" line="91"/>
        <source>证明的照片或扫描件（PNG、JPEG 等）</source>
        <translation>A photo or scan of the certificate (PNG, JPEG …)</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/verify_page.py" line="93"/>
        <source>打开 PDF…</source>
        <translation>Open PDF…</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/verify_page.py" line="95"/>
        <source>村务桌面生成的证明 PDF</source>
        <translation>A certificate PDF made by VillageDesk</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/verify_page.py" line="99"/>
        <source>也可以把图片或 PDF 拖到这一页上。</source>
        <translation>You can also drag an image or PDF onto this page.</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/verify_page.py" line="144"/>
        <source>正在核验</source>
        <translation>Verifying</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/verify_page.py" line="158"/>
        <source>请先扫描二维码，或把二维码内容粘贴到框中。</source>
        <translation>Scan the QR code first, or paste its content into the box.</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/verify_page.py" line="161"/>
        <source>扫描或粘贴的内容</source>
        <translation>scanned or pasted text</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/verify_page.py" line="169"/>
        <source>打开证明图片</source>
        <translation>Open certificate image</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/verify_page.py" line="170"/>
        <source>图片 (*.png *.jpg *.jpeg *.bmp *.tif *.tiff)</source>
        <translation>Images (*.png *.jpg *.jpeg *.bmp *.tif *.tiff)</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/verify_page.py" line="178"/>
        <source>打开证明 PDF</source>
        <translation>Open certificate PDF</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/verify_page.py" line="178"/>
        <source>PDF 文件 (*.pdf)</source>
        <translation>PDF files (*.pdf)</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/verify_page.py" line="189"/>
        <source>正在读取 {name}…</source>
        <translation>Reading {name}…</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/verify_page.py" line="203"/>
        <source>文件：{path}</source>
        <translation>the file {path}</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/verify_page.py" line="216"/>
        <source>核验对象：{source}</source>
        <translation>What was verified: {source}</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/verify_page.py" line="221"/>
        <source>据实出具</source>
        <translation>Certified fact (not on any list)</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/verify_page.py" line="254"/>
        <source>本机收到的台账</source>
        <translation>Ledger received here</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/verify_page.py" line="259"/>
        <source>找不到这个编号</source>
        <translation>Number not found</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/verify_page.py" line="259"/>
        <source>尚未收到这个编号</source>
        <translation>This number has not been received yet</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/verify_page.py" line="283"/>
        <source>申请人</source>
        <translation>Applicant</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/verify_page.py" line="287"/>
        <source>二维码中签名的内容</source>
        <translation>Signed content of the QR code</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/verify_page.py" line="246"/>
        <source>签名的内容（请与纸面逐项核对）</source>
        <translation>Signed content (compare each item with the paper)</translation>
    </message>
</context>
<context>
    <name>VoidDialog</name>
    <message>
        <location filename="../../villagedesk/ui/pages/ledger_page.py" line="166"/>
        <source>作废证明</source>
        <translation>Void certificate</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/ledger_page.py" line="175"/>
        <source>作废 {number}：台账中另起一条作废登记，原记录保留；此后扫描该证明的二维码将显示“已作废”。</source>
        <translation>Void {number}: the ledger adds a void record and keeps the original; from then on, scanning this certificate&apos;s QR code shows &quot;voided&quot;.</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/ledger_page.py" line="183"/>
        <source>如：姓名填写有误，重新出具</source>
        <translation>e.g. name written wrongly, reissued</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/ledger_page.py" line="190"/>
        <source>作废原因：</source>
        <translation>Reason:</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/ledger_page.py" line="192"/>
        <source>经办人：</source>
        <translation>Handled by:</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/ledger_page.py" line="195"/>
        <source>作废</source>
        <translation>Void</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/ledger_page.py" line="197"/>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/ledger_page.py" line="208"/>
        <source>必须写明作废原因</source>
        <translation>A reason for voiding is required</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/ledger_page.py" line="195"/>
        <source>下一步：改正内容</source>
        <translation>Next: correct the content</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/ledger_page.py" line="172"/>
        <source>作废 {number} 并重新出具：写明作废原因后，在“出具证明”中打开原证明的内容，核对改正后出具；新证明出具时原证明同时作废（同一次登记），此前原证明仍然有效。</source>
        <translation>Void {number} and reissue: after giving the reason, the original content opens in &quot;Issue certificate&quot; to check and correct before issuing; the original is voided when the new one is issued (one ledger entry), and stays valid until then.</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/ledger_page.py" line="166"/>
        <source>作废并重新出具</source>
        <translation>Void and reissue</translation>
    </message>
</context>
</TS>
