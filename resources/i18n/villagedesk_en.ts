<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="zh_CN">
<context>
    <name>CatalogueDetail</name>
    <message>
        <location filename="../../villagedesk/ui/pages/catalogue_page.py" line="145"/>
        <source>清单</source>
        <translation>List</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/catalogue_page.py" line="147"/>
        <source>设定依据</source>
        <translation>Basis</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/catalogue_page.py" line="147"/>
        <source>（未填写）</source>
        <translation>(not given)</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/catalogue_page.py" line="148"/>
        <source>{origin}（{jurisdiction} 目录 {version}）</source>
        <translation>{origin} ({jurisdiction} catalogue {version})</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/catalogue_page.py" line="150"/>
        <source>来源</source>
        <translation>Source</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/catalogue_page.py" line="153"/>
        <source>关键词</source>
        <translation>Keywords</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/catalogue_page.py" line="155"/>
        <source>备注</source>
        <translation>Notes</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/catalogue_page.py" line="156"/>
        <source>编码</source>
        <translation>Code</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/catalogue_page.py" line="163"/>
        <source>&lt;b&gt;示范内容，不是正式文件规定。&lt;/b&gt;本县目录中的同名事项以县里发布的为准。</source>
        <translation>&lt;b&gt;Demo content, not an official rule.&lt;/b&gt; Where the county catalogue has an item of the same name, the county&apos;s version applies.</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/catalogue_page.py" line="169"/>
        <source>在左侧选择一个事项，这里显示它属于哪个清单、设定依据和条款、来源，以及办理要求。</source>
        <translation>Choose an item on the left to see here its list, basis and clause, source, and how it is handled.</translation>
    </message>
</context>
<context>
    <name>CataloguePage</name>
    <message>
        <location filename="../../villagedesk/ui/pages/catalogue_page.py" line="22"/>
        <source>全部清单</source>
        <translation>All lists</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/catalogue_page.py" line="186"/>
        <source>查询本县目录中的事项及其设定依据（厅字〔2022〕28号 二(一)1、二(三)7）</source>
        <translation>Look up items of the county catalogues and their basis (厅字〔2022〕28号 二(一)1, 二(三)7)</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/catalogue_page.py" line="194"/>
        <source>查询事项</source>
        <translation>Search items</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/catalogue_page.py" line="195"/>
        <source>事项准入核对</source>
        <translation>Admission check</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/catalogue_page.py" line="229"/>
        <source>名称、拼音或首字母，如 居住、jzzm</source>
        <translation>Name, pinyin or initials, e.g. 居住, jzzm</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/catalogue_page.py" line="239"/>
        <source>只在某一个清单中查询</source>
        <translation>Search one list only</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/catalogue_page.py" line="262"/>
        <source>打印目录…</source>
        <translation>Print catalogue…</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/catalogue_page.py" line="263"/>
        <source>把本单位适用的目录（或所选清单）生成 PDF，用于上墙公开</source>
        <translation>Make a PDF of the catalogues that apply to this office (or of the chosen list) to put up on the office wall</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/catalogue_page.py" line="289"/>
        <source>打印目录</source>
        <translation>Print catalogue</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/catalogue_page.py" line="290"/>
        <source>PDF 文件 (*.pdf)</source>
        <translation>PDF files (*.pdf)</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/catalogue_page.py" line="296"/>
        <source>已生成 {file}（{pages} 页），可在打开的 PDF 中预览并打印</source>
        <translation>Created {file} ({pages} pages); preview and print it in the PDF that opens</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/catalogue_page.py" line="307"/>
        <source>某部门要求村里承担一项工作时，输入或粘贴它的内容，核对它属于哪个清单、依据哪一条。</source>
        <translation>When a department asks the village to take on a task, type or paste the request to check which list it belongs to and under which clause.</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/catalogue_page.py" line="311"/>
        <source>如：请村委会负责辖区内违章建筑的拆除工作</source>
        <translation>e.g. 请村委会负责辖区内违章建筑的拆除工作 (the request as written, in Chinese)</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/catalogue_page.py" line="316"/>
        <source>核对</source>
        <translation>Check</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/catalogue_page.py" line="321"/>
        <source>Enter 核对，Shift+Enter 换行</source>
        <translation>Enter: check, Shift+Enter: new line</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/catalogue_page.py" line="337"/>
        <source>最相近的目录事项（点击查看）：</source>
        <translation>Closest catalogue items (click to view):</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/catalogue_page.py" line="424"/>
        <source>没有找到与「{query}」相关的事项。可以换个说法，或用拼音首字母查询。</source>
        <translation>Nothing found for &quot;{query}&quot;. Try other words, or the pinyin initials.</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/catalogue_page.py" line="426"/>
        <source>（只显示最相关的前 {limit} 项）</source>
        <translation> (only the {limit} closest are shown)</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/catalogue_page.py" line="427"/>
        <source>找到 {count} 项</source>
        <translation>Items found: {count}</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/catalogue_page.py" line="429"/>
        <source>本单位适用的目录</source>
        <translation>Catalogues for this office</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/catalogue_page.py" line="430"/>
        <source>{where}共 {count} 项；输入关键词可以缩小范围</source>
        <translation>{where}: {count} items. Type a keyword to narrow the list.</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/catalogue_page.py" line="479"/>
        <source>结论：{explanation}</source>
        <translation>Verdict: {explanation}</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/catalogue_page.py" line="483"/>
        <source>该清单没有需要引用的上级文件条款，以本县目录为准。</source>
        <translation>There is no higher-level clause to quote for this list; the county catalogue applies.</translation>
    </message>
</context>
<context>
    <name>Common</name>
    <message>
        <location filename="../../villagedesk/ui/common.py" line="90"/>
        <source>{label}：</source>
        <translation>{label}:</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/common.py" line="114"/>
        <source>详情已记录到 {path}</source>
        <translation>Details were written to {path}.</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/common.py" line="116"/>
        <source>详情已记录到日志</source>
        <translation>Details were written to the log.</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/common.py" line="117"/>
        <source>内部错误（{kind}）：程序出现了意外问题，请重试或联系维护人员。{where}</source>
        <translation>Internal error ({kind}): something unexpected went wrong in the program. Please try again or contact your support person. {where}</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/common.py" line="122"/>
        <source>村务桌面</source>
        <translation>VillageDesk</translation>
    </message>
</context>
<context>
    <name>ItemDelegate</name>
    <message>
        <location filename="../../villagedesk/ui/pages/catalogue_page.py" line="108"/>
        <source>示范</source>
        <translation>demo</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../villagedesk/ui/main_window.py" line="80"/>
        <source>演示数据</source>
        <translation>Demo data</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/main_window.py" line="82"/>
        <source>这是演示用的风平村数据，不是正式记录</source>
        <translation>Demo data of 风平村 (Fengping village), not real records</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/main_window.py" line="154"/>
        <source>村务桌面 — {office}</source>
        <translation>VillageDesk — {office}</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/main_window.py" line="155"/>
        <source>{office}（{level}）</source>
        <translation>{office} ({level})</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/main_window.py" line="157"/>
        <source>适用目录：{summary}</source>
        <translation>Catalogues in use: {summary}</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/main_window.py" line="158"/>
        <source>适用目录：无（请在「设置」中导入本县目录）</source>
        <translation>Catalogues in use: none (import your county&apos;s catalogue in Settings)</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/main_window.py" line="159"/>
        <source>{title}  版本 {version}</source>
        <translation>{title}  version {version}</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/main_window.py" line="185"/>
        <source>{reason}，请等它完成后再关闭窗口。</source>
        <translation>{reason}. Please wait until it has finished before closing the window.</translation>
    </message>
</context>
<context>
    <name>Navigation</name>
    <message>
        <location filename="../../villagedesk/ui/main_window.py" line="17"/>
        <location filename="../../villagedesk/ui/pages/placeholder.py" line="16"/>
        <source>出具证明</source>
        <translation>Issue certificates</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/main_window.py" line="18"/>
        <location filename="../../villagedesk/ui/pages/placeholder.py" line="25"/>
        <source>证明台账</source>
        <translation>Certificate ledger</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/main_window.py" line="19"/>
        <location filename="../../villagedesk/ui/pages/catalogue_page.py" line="185"/>
        <source>目录查询</source>
        <translation>Catalogue search</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/main_window.py" line="20"/>
        <location filename="../../villagedesk/ui/pages/placeholder.py" line="34"/>
        <source>牌子检查</source>
        <translation>Signboard check</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/main_window.py" line="21"/>
        <location filename="../../villagedesk/ui/pages/placeholder.py" line="41"/>
        <source>数据同步</source>
        <translation>Sync</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/main_window.py" line="22"/>
        <location filename="../../villagedesk/ui/pages/placeholder.py" line="49"/>
        <source>证明核验</source>
        <translation>Verify certificate</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/main_window.py" line="23"/>
        <location filename="../../villagedesk/ui/pages/settings_page.py" line="62"/>
        <source>设置</source>
        <translation>Settings</translation>
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
        <source>按本县保留出具证明事项目录，为村民据实出具统一式样的证明（厅字〔2022〕28号 二(三)8）</source>
        <translation>Issue standard-form certificates to villagers, based on verified facts, as listed in the county&apos;s catalogue of retained certificates (厅字〔2022〕28号 二(三)8)</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/placeholder.py" line="18"/>
        <source>选择证明事项，填写村民信息，核对所需材料和办理时限；</source>
        <translation>choose the certificate, enter the villager&apos;s details, and check the required documents and the time limit;</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/placeholder.py" line="19"/>
        <source>自动编号并登记开具证明台账，证明上印有可核验的二维码；</source>
        <translation>number each certificate and record it in the certificate ledger, with a QR code on the certificate that can be verified;</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/placeholder.py" line="20"/>
        <source>对不应由村级组织出具的证明，打印告知单，说明应到哪个部门、用什么方式办理；</source>
        <translation>for certificates a village must not issue, print a notice saying which department to go to and how it is handled there;</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/placeholder.py" line="21"/>
        <source>打印前可以预览。</source>
        <translation>preview everything before printing.</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/placeholder.py" line="22"/>
        <source>现在可以在「目录查询」中查到某项证明是保留出具还是不应出具，以及设定依据和所需材料。</source>
        <translation>For now, Catalogue search shows whether a certificate is retained or must not be issued, with its basis and the required documents.</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/placeholder.py" line="26"/>
        <source>开具证明台账：按编号记录每一份出具、作废和重新出具的证明（厅字〔2022〕28号 二(三)8）</source>
        <translation>The certificate ledger: every certificate issued, voided or reissued, recorded by number (厅字〔2022〕28号 二(三)8)</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/placeholder.py" line="27"/>
        <source>按日期、事项、申请人查找已出具的证明；</source>
        <translation>find issued certificates by date, item or applicant;</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/placeholder.py" line="28"/>
        <source>作废或重新出具时另起一条记录，原记录不会被修改或删除；</source>
        <translation>voiding or reissuing adds a new record; the original record is never changed or deleted;</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/placeholder.py" line="29"/>
        <source>检查台账是否在本程序之外被改动；</source>
        <translation>check whether the ledger was changed outside this program;</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/placeholder.py" line="30"/>
        <source>按月、按事项打印或导出台账。</source>
        <translation>print or export the ledger by month or by item.</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/placeholder.py" line="35"/>
        <source>对照省级统一规定，检查村级组织和工作机制牌子的名称、颜色、字体、尺寸、方向和数量（厅字〔2022〕28号 二(二)6）</source>
        <translation>Check the signboards of the village organisations and working mechanisms (name, colour, typeface, size, orientation and number) against the provincial rules (厅字〔2022〕28号 二(二)6)</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/placeholder.py" line="36"/>
        <source>逐块登记本村悬挂的牌子，指出不符合规定或应当摘除的牌子；</source>
        <translation>record each signboard hung in the village and point out those that break the rules or should come down;</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/placeholder.py" line="37"/>
        <source>打印标准牌子规格单，交给制作单位。</source>
        <translation>print the standard signboard specification for the sign maker.</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/placeholder.py" line="38"/>
        <source>现在可以在「目录查询」中选择“机制牌子保留目录”，查看保留的机制牌子。</source>
        <translation>For now, choose the list &quot;Retained signboards&quot; in Catalogue search to see the signboards that are kept.</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/placeholder.py" line="42"/>
        <source>用U盘在村、乡镇、县之间传递台账和目录，支撑分级监管（厅字〔2022〕28号 三(二)）</source>
        <translation>Carry ledgers and catalogues between village, township and county on a USB stick, for supervision at each level (厅字〔2022〕28号 三(二))</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/placeholder.py" line="43"/>
        <source>村里把开具证明台账导出到U盘，报送乡镇；</source>
        <translation>the village exports its certificate ledger to a USB stick for the township;</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/placeholder.py" line="44"/>
        <source>乡镇导入各村的数据，汇总成一本台账，按村、月份和事项统计；</source>
        <translation>the township imports the villages&apos; data into one ledger, with counts by village, month and item;</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/placeholder.py" line="45"/>
        <source>县里发布的目录和单位公钥通过U盘逐级传到村里。</source>
        <translation>catalogues and office keys published by the county reach the villages level by level on a USB stick.</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/placeholder.py" line="46"/>
        <source>现在可以在「设置」中导入县里发来的目录文件（.xlsx 或 .csv）。</source>
        <translation>For now, a catalogue file from the county (.xlsx or .csv) can be imported in Settings.</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/placeholder.py" line="50"/>
        <source>核验一份证明是否由本县的村级组织出具、是否已作废（厅字〔2022〕28号 二(三)7）</source>
        <translation>Verify that a certificate was issued by a village organisation of this county and whether it has been voided (厅字〔2022〕28号 二(三)7)</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/placeholder.py" line="51"/>
        <source>用扫码枪或摄像头读取证明上的二维码；</source>
        <translation>read the certificate&apos;s QR code with a scanner or a camera;</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/placeholder.py" line="52"/>
        <source>检查签名和出具单位，显示证明编号、事项和出具日期；</source>
        <translation>check the signature and the issuing office, and show the certificate number, item and date of issue;</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/placeholder.py" line="53"/>
        <source>提示该证明是否已经作废或重新出具。</source>
        <translation>say whether the certificate has been voided or reissued.</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/placeholder.py" line="78"/>
        <source>以后的版本中，这一页将可以：</source>
        <translation>In a later version, this page will:</translation>
    </message>
</context>
<context>
    <name>ProblemsDialog</name>
    <message>
        <location filename="../../villagedesk/ui/common.py" line="307"/>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/common.py" line="311"/>
        <source>关闭</source>
        <translation>Close</translation>
    </message>
</context>
<context>
    <name>SettingsPage</name>
    <message>
        <location filename="../../villagedesk/ui/pages/settings_page.py" line="21"/>
        <source>100%（默认）</source>
        <translation>100% (default)</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/settings_page.py" line="23"/>
        <source>目录</source>
        <translation>Catalogue</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/settings_page.py" line="24"/>
        <source>辖区</source>
        <translation>Jurisdiction</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/settings_page.py" line="25"/>
        <source>版本</source>
        <translation>Version</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/settings_page.py" line="26"/>
        <source>事项数</source>
        <translation>Items</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/settings_page.py" line="27"/>
        <source>本单位适用</source>
        <translation>Applies here</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/settings_page.py" line="30"/>
        <source>单位全称</source>
        <translation>Full name</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/settings_page.py" line="31"/>
        <source>单位简称</source>
        <translation>Short name</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/settings_page.py" line="32"/>
        <source>区划代码</source>
        <translation>Region code</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/settings_page.py" line="33"/>
        <source>级别</source>
        <translation>Level</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/settings_page.py" line="34"/>
        <source>辖区规则</source>
        <translation>Jurisdiction rules</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/settings_page.py" line="63"/>
        <source>本单位信息、字体大小、界面语言和本机已安装的目录（分级制定指导目录：厅字〔2022〕28号 三(二)）</source>
        <translation>This office&apos;s details, font size, language, and the catalogues installed on this PC (catalogues set level by level: 厅字〔2022〕28号 三(二))</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/settings_page.py" line="71"/>
        <source>本单位</source>
        <translation>This office</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/settings_page.py" line="80"/>
        <source>修改…</source>
        <translation>Edit…</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/settings_page.py" line="82"/>
        <source>这是演示数据（风平村），不是正式记录。</source>
        <translation>These are demo data (风平村), not real records.</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/settings_page.py" line="97"/>
        <source>字体大小</source>
        <translation>Font size</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/settings_page.py" line="99"/>
        <source>屏幕较旧或看不清时调大，立即生效。</source>
        <translation>Larger for old screens; applies at once.</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/settings_page.py" line="108"/>
        <source>界面语言</source>
        <translation>Language</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/settings_page.py" line="106"/>
        <source>更改后，下次启动程序时生效。</source>
        <translation>Applies at the next start.</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/settings_page.py" line="90"/>
        <source>字体大小和界面语言</source>
        <translation>Font size and language</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/settings_page.py" line="114"/>
        <source>目录管理</source>
        <translation>Catalogues</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/settings_page.py" line="116"/>
        <source>县里发布新目录后，在这里导入（.xlsx 或 .csv）。整份目录检查无误才会导入，有任何错误都不会改动已安装的目录。</source>
        <translation>Import a new catalogue from the county here (.xlsx or .csv). A file with any error is not imported and changes nothing.</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/settings_page.py" line="131"/>
        <source>导入目录文件…</source>
        <translation>Import catalogue file…</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/settings_page.py" line="133"/>
        <source>导出导入模板…</source>
        <translation>Export import template…</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/settings_page.py" line="196"/>
        <source>适用</source>
        <translation>Yes</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/settings_page.py" line="196"/>
        <source>不适用</source>
        <translation>No</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/settings_page.py" line="199"/>
        <source>{title}
来源：{source}&#x3000;导入时间：{imported_at}</source>
        <translation>{title}
Source: {source}   Imported: {imported_at}</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/settings_page.py" line="266"/>
        <source>已保存。下次启动程序时，界面将使用 {language}。</source>
        <translation>Saved. The program will show {language} from its next start.</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/settings_page.py" line="273"/>
        <source>正在导入目录</source>
        <translation>A catalogue is being imported</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/settings_page.py" line="277"/>
        <source>导入目录文件</source>
        <translation>Import catalogue file</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/settings_page.py" line="278"/>
        <source>目录文件 (*.xlsx *.csv);;所有文件 (*)</source>
        <translation>Catalogue files (*.xlsx *.csv);;All files (*)</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/settings_page.py" line="288"/>
        <source>正在导入 {file} …</source>
        <translation>Importing {file} …</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/settings_page.py" line="290"/>
        <source>正在检查并导入目录文件
{file}</source>
        <translation>Checking and importing the catalogue file
{file}</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/settings_page.py" line="291"/>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/settings_page.py" line="292"/>
        <source>导入目录</source>
        <translation>Import catalogue</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/settings_page.py" line="318"/>
        <source>{stage}：{file}</source>
        <translation>{stage}: {file}</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/settings_page.py" line="343"/>
        <source>已导入</source>
        <translation>Imported</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/settings_page.py" line="345"/>
        <source>（已确认 {count} 处警告）</source>
        <translation> (warnings confirmed: {count})</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/settings_page.py" line="354"/>
        <source>未导入：程序出现了意外问题</source>
        <translation>Not imported: something unexpected went wrong in the program</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/settings_page.py" line="359"/>
        <source>已取消导入，已安装的目录没有改动</source>
        <translation>Import cancelled; the installed catalogues are unchanged</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/settings_page.py" line="362"/>
        <source>{file}：有 {count} 处需要确认的问题，尚未导入</source>
        <translation>{file}: not imported yet; problems to confirm: {count}</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/settings_page.py" line="365"/>
        <source>导入目录：请确认</source>
        <translation>Import catalogue: please confirm</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/settings_page.py" line="366"/>
        <source>{file} 有 {count} 处需要确认的问题（如繁体字、可疑的写法），目录尚未导入。
请逐条看过；确认无误后选择“仍然导入”。</source>
        <translation>{file} has problems to confirm ({count}), such as traditional characters or doubtful spellings; the catalogue has not been imported yet.
Please read each one; if all is in order, choose &quot;Import anyway&quot;.</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/settings_page.py" line="368"/>
        <source>仍然导入</source>
        <translation>Import anyway</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/settings_page.py" line="372"/>
        <source>未导入：{reason}</source>
        <translation>Not imported: {reason}</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/settings_page.py" line="373"/>
        <source>导入目录：未导入</source>
        <translation>Import catalogue: not imported</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/settings_page.py" line="374"/>
        <source>{reason}
已安装的目录没有改动。</source>
        <translation>{reason}
The installed catalogues have not been changed.</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/settings_page.py" line="386"/>
        <source>导出导入模板</source>
        <translation>Export import template</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/settings_page.py" line="386"/>
        <source>目录导入模板.xlsx</source>
        <translation>catalogue-import-template.xlsx</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/settings_page.py" line="387"/>
        <source>Excel 工作簿 (*.xlsx);;CSV 文件 (*.csv)</source>
        <translation>Excel workbook (*.xlsx);;CSV file (*.csv)</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/pages/settings_page.py" line="394"/>
        <source>已写出模板：{file}（每个清单一行示例，填好后用“导入目录文件”导入）</source>
        <translation>Template written: {file} (one example row per list; fill it in, then use &quot;Import catalogue file&quot;)</translation>
    </message>
</context>
<context>
    <name>SetupDialog</name>
    <message>
        <location filename="../../villagedesk/ui/setup_dialog.py" line="33"/>
        <source>修改本单位信息</source>
        <translation>Edit office details</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/setup_dialog.py" line="33"/>
        <source>设置本单位信息</source>
        <translation>Set up office details</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/setup_dialog.py" line="37"/>
        <source>修改后，适用的目录会按新的区划代码重新确定；已经出具的证明不受影响。</source>
        <translation>After a change, the catalogues that apply are chosen again from the new region code; certificates already issued are not affected.</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/setup_dialog.py" line="38"/>
        <source>第一次使用，请填写本单位的信息。区划代码决定适用哪个县的目录，也用于证明编号。</source>
        <translation>First use: please fill in this office&apos;s details. The region code decides which county&apos;s catalogues apply and is also used in certificate numbers.</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/setup_dialog.py" line="48"/>
        <source>12 位数字，如 533103105201</source>
        <translation>12 digits, e.g. 533103105201</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/setup_dialog.py" line="50"/>
        <source>区划代码</source>
        <translation>Region code</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/setup_dialog.py" line="51"/>
        <source>国家统计局的统计用区划代码；也可输入村名（如 风平）从内置区划中选择</source>
        <translation>The statistical division code of the National Bureau of Statistics; or type a village name (e.g. 风平) to choose from the built-in list</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/setup_dialog.py" line="61"/>
        <source>如 芒市风平镇风平村民委员会</source>
        <translation>e.g. 芒市风平镇风平村民委员会</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/setup_dialog.py" line="62"/>
        <source>单位全称</source>
        <translation>Full name</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/setup_dialog.py" line="64"/>
        <source>如 风平村；不填则按区划名称生成</source>
        <translation>e.g. 风平村; if left empty, made from the region name</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/setup_dialog.py" line="65"/>
        <source>单位简称</source>
        <translation>Short name</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/setup_dialog.py" line="65"/>
        <source>用于证明编号，最多 12 字</source>
        <translation>Used in certificate numbers, at most 12 characters</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/setup_dialog.py" line="69"/>
        <source>级别</source>
        <translation>Level</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/setup_dialog.py" line="79"/>
        <source>保存</source>
        <translation>Save</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/setup_dialog.py" line="82"/>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/setup_dialog.py" line="83"/>
        <source>使用演示数据（风平村）</source>
        <translation>Use demo data (风平村)</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/setup_dialog.py" line="84"/>
        <source>建立演示用的风平村办公室和示范目录，可以先熟悉程序</source>
        <translation>Set up the demo office of 风平村 with demo catalogues, to get to know the program first</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/setup_dialog.py" line="151"/>
        <source>用于证明编号，如 风平村</source>
        <translation>Used in certificate numbers, e.g. 风平村</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/setup_dialog.py" line="228"/>
        <source>（建议：{suggestion}）</source>
        <translation> (suggestion: {suggestion})</translation>
    </message>
</context>
<context>
    <name>Term</name>
    <message>
        <location filename="../../villagedesk/ui/common.py" line="53"/>
        <source>依法自治事项</source>
        <translation>Self-governance affairs</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/common.py" line="54"/>
        <source>协助政府工作事项</source>
        <translation>Assisting government</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/common.py" line="55"/>
        <source>负面清单</source>
        <translation>Negative list</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/common.py" line="56"/>
        <source>机制牌子保留目录</source>
        <translation>Retained signboards</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/common.py" line="57"/>
        <source>保留出具证明事项</source>
        <translation>Retained certificates</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/common.py" line="58"/>
        <source>不应出具证明事项</source>
        <translation>Certificates not to issue</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/common.py" line="59"/>
        <source>国家</source>
        <translation>national</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/common.py" line="60"/>
        <source>省级</source>
        <translation>provincial</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/common.py" line="61"/>
        <source>州市级</source>
        <translation>prefectural</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/common.py" line="62"/>
        <source>县级</source>
        <translation>county</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/common.py" line="63"/>
        <source>示范</source>
        <translation>demo</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/common.py" line="64"/>
        <source>村</source>
        <translation>village</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/common.py" line="65"/>
        <source>乡镇</source>
        <translation>township</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/common.py" line="66"/>
        <source>县</source>
        <translation>county</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/common.py" line="67"/>
        <source>责任部门</source>
        <translation>Responsible department</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/common.py" line="68"/>
        <source>要求出具的部门</source>
        <translation>Department requiring it</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/common.py" line="69"/>
        <source>改由何处办理</source>
        <translation>Handled instead by</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/common.py" line="70"/>
        <source>经费保障</source>
        <translation>Funding</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/common.py" line="71"/>
        <source>所需材料</source>
        <translation>Required documents</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/common.py" line="72"/>
        <source>办理程序</source>
        <translation>Procedure</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/common.py" line="73"/>
        <source>办理时限</source>
        <translation>Time limit</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/common.py" line="74"/>
        <source>表单</source>
        <translation>Form</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/common.py" line="75"/>
        <source>替代方式</source>
        <translation>Alternatives</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/common.py" line="76"/>
        <source>牌子类型</source>
        <translation>Sign type</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/common.py" line="77"/>
        <source>悬挂位置</source>
        <translation>Placement</translation>
    </message>
    <message>
        <location filename="../../villagedesk/ui/common.py" line="78"/>
        <source>名称样式</source>
        <translation>Name pattern</translation>
    </message>
</context>
</TS>
