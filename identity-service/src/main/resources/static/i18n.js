// Every page's words in Chinese (the default) and English, the language switch, and what turns the
// API's codes and instants into what people read: org and item names from the service's
// /api/names (the agreements in force), times in Asia/Shanghai to the minute, deadlines with the
// working days the service computed. Loaded first on every page.
// The language: ?lang=, else the one chosen on an earlier page, else zh-CN; anything other than
// English falls back to zh-CN. Elements with data-i18n="key" (and data-i18n-placeholder, -alt,
// -title) get the key's text; a key missing from the dictionary is listed in
// <html data-i18n-missing>, which the browser tests check stays empty.
"use strict";

const LANG_KEY = "alliance.lang";
const ZONE = "Asia/Shanghai";

/** Each key's text as [Chinese, English]; {0}, {1} … are arguments. */
const TEXT = {
  // Shared: navigation, sign-in, states, labels of facts and tables.
  "lang.label": ["语言", "Language"],
  "nav.window": ["专窗收件 / 寄件 / 出件", "Window"],
  "nav.approver": ["远程审批", "Remote approval"],
  "nav.recognise": ["互认", "Recognition"],
  "nav.audit": ["审计", "Audit"],
  "nav.verify": ["核验", "Verify"],
  "login.user": ["用户", "User"],
  "login.password": ["密码", "Password"],
  "login.submit": ["登录", "Sign in"],
  "login.signedIn": ["已登录：{0}", "Signed in: {0}"],
  "login.signOut": ["退出", "Sign out"],
  "case.RECEIVED": ["已收件", "Received"],
  "case.FORWARDED": ["已寄件", "Forwarded"],
  "case.APPROVED": ["已批准", "Approved"],
  "case.REJECTED": ["不予批准", "Rejected"],
  "case.MATERIAL_REQUESTED": ["补正材料", "Material requested"],
  "case.ISSUED": ["已出件", "Issued"],
  "case.CLOSED": ["已办结", "Closed"],
  "action.RECEIVE": ["收件", "Receive"],
  "action.FORWARD": ["寄件", "Forward"],
  "action.APPROVE": ["批准", "Approve"],
  "action.REJECT": ["不予批准", "Reject"],
  "action.REQUEST_MATERIAL": ["要求补正", "Request material"],
  "action.RESUBMIT": ["补正提交", "Resubmit"],
  "action.ISSUE": ["出件", "Issue"],
  "action.CLOSE": ["办结", "Close"],
  "action.SUSPEND": ["中止", "Suspend"],
  "action.REINSTATE": ["恢复", "Reinstate"],
  "action.REVOKE": ["撤销", "Revoke"],
  "role.CLERK": ["收件员", "clerk"],
  "role.APPROVER": ["审批员", "approver"],
  "role.ISSUER": ["出件员", "issuer"],
  "role.AUDITOR": ["审计员", "auditor"],
  "role.ADMIN": ["管理员", "admin"],
  "role.APPLICANT": ["申请人", "applicant"],
  "cert.VALID": ["有效", "Valid"],
  "cert.SUSPENDED": ["已中止", "Suspended"],
  "cert.REVOKED": ["已撤销", "Revoked"],
  "cert.UNKNOWN": ["未知", "Unknown"],
  "ledger.PENDING": ["等待上链", "Pending"],
  "ledger.SUBMITTED": ["提交中", "Submitted"],
  "ledger.COMMITTED": ["已上链", "Committed"],
  "ledger.FAILED": ["上链失败", "Failed"],
  "decision.ACCEPTED": ["通过", "Accepted"],
  "decision.REJECTED": ["未通过", "Rejected"],
  "recognition.RECOGNISED": ["予以互认", "Recognised"],
  "recognition.REFUSED": ["不予互认", "Refused"],
  "reason.LOST": ["遗失", "Lost"],
  "reason.DAMAGED": ["损毁", "Damaged"],
  "reason.HOLDER_REQUEST": ["持证人申请", "Holder's request"],
  "reason.ISSUED_IN_ERROR": ["错误签发", "Issued in error"],
  "reason.DATA_CORRECTED": ["数据更正", "Data corrected"],
  "reason.FRAUD_SUSPECTED": ["涉嫌欺诈", "Fraud suspected"],
  "reason.AUTHORITY_ORDER": ["有权机关决定", "Authority order"],
  "reason.SUPERSEDED": ["已换发", "Superseded"],
  "reason.RECOVERED": ["已找回/已澄清", "Recovered"],
  "reason.MATERIAL_INCOMPLETE": ["材料不全", "Material incomplete"],
  "reason.NOT_ELIGIBLE": ["不符合条件", "Not eligible"],
  "reason.NOT_VERIFIABLE": ["无法核验", "Not verifiable"],
  "reason.RESULT_NOT_VALID": ["结果已失效", "Result not valid"],
  "reason.ITEM_NOT_EQUIVALENT": ["事项不对应", "Item not equivalent"],
  "reason.AS_FILED": ["按申请办理", "As filed"],
  "reason.OTHER": ["其他", "Other"],
  "f.caseId": ["案件编号", "Case id"],
  "f.state": ["状态", "State"],
  "f.item": ["事项", "Item"],
  "f.acceptingRegion": ["收件地", "Accepting region"],
  "f.homeRegion": ["审批地", "Home region"],
  "f.deadline": ["办结时限", "Deadline"],
  "f.agreement": ["协议", "Agreement"],
  "f.decision": ["审批", "Decision"],
  "f.record": ["记录", "Record"],
  "f.reason": ["原因", "Reason"],
  "f.time": ["时间", "Time"],
  "f.txId": ["交易", "Transaction id"],
  "f.batchId": ["批次", "Batch id"],
  "f.ledgerStatus": ["账本状态", "Ledger status"],
  "f.detail": ["说明", "Detail"],
  "col.step": ["步骤", "Step"],
  "col.fromTo": ["状态", "From → to"],
  "col.by": ["办理方", "By"],
  "col.duration": ["用时", "Duration"],
  "col.ledger": ["账本", "Ledger"],
  "deadline.left": ["剩余 {0} 个工作日", "{0} working days left"],
  "deadline.today": ["今日到期", "due today"],
  "deadline.overdue": ["已超期 {0} 个工作日", "overdue by {0} working days"],
  "deadline.late": ["已超期", "overdue"],
  "duration.units": ["天|小时|分|秒", "d|h|m|s"],
  "error.fill": ["请填写：{0}", "Please fill in: {0}"],
  "error.consent": ["需要您的同意才能继续。", "Your consent is required to continue."],
  "error.choosePhoto": ["请选择照片。", "Please choose a photo."],
  "error.enterId": ["请输入编号。", "Please enter an id."],
  "error.needReason": ["不予互认须说明理由。", "A refusal needs a reason."],
  "error.badHash": ["证照哈希须为 64 位十六进制数。", "The certificate hash is 64 hex digits."],
  "error.noQr": ["图片中没有找到二维码。", "No QR code was found in the image."],
  "error.noCamera": ["此浏览器无法使用摄像头扫码，请选择二维码图片。", "This browser cannot scan with the camera; choose a picture of the QR code."],
  "error.badFile": ["无法识别此文件：请选择证照文件（PDF/OFD）、导出的存证包或二维码图片。",
    "This file is not recognised: choose a certificate file (PDF/OFD), an exported evidence bundle or a picture of a QR code."],
  "error.chooseItem": ["请选择事项。", "Choose the item."],
  "error.noApplicant": ["请扫描或输入申请人的身份核验编号，或输入其公民身份号码。", "Scan or type the applicant's identity check, or type their ID card number."],
  "error.notCheckQr": ["这不是身份核验的二维码。", "This is not the QR code of an identity check."],
  "error.unknownCheck": ["没有这项身份核验：{0}。请核对编号，或为申请人重新核验身份。", "There is no identity check {0}: check the id, or check the applicant's identity again."],
  "ledger.onItsWay": ["{0} 个步骤正在上链：{1}", "{0} step(s) on their way to the ledger: {1}"],
  "ledger.waitingFor": ["等待上链：前一步骤尚未到达本地区账本，到达后将自动{0}。", "Waiting for the ledger: the step before has not reached this region's ledger yet; {0} follows once it has."],
  "ledger.stillWaiting": ["前一步骤仍未到达账本。", "The step before has still not reached the ledger."],
  "list.separator": ["、", ", "],
  "unlimited": ["长期", "unlimited"],
  "yes": ["是", "yes"],
  "no": ["否", "no"],

  // The kiosk.
  "kiosk.title": ["身份核验", "Identity check"],
  "kiosk.details": ["1. 证件信息", "1. ID card"],
  "kiosk.idNumber": ["公民身份号码", "ID number"],
  "kiosk.name": ["姓名", "Name"],
  "kiosk.validFrom": ["有效期起", "Valid from"],
  "kiosk.validTo": ["有效期至", "Valid to"],
  "kiosk.longTerm": ["长期", "Long-term"],
  "kiosk.photo": ["证件照片", "Card chip photo"],
  "kiosk.photoHint": ["读卡器读出的芯片照片或户籍照片（JPEG/PNG）。", "The photo read from the card's chip, or the registry photo (JPEG/PNG)."],
  "kiosk.consent": ["我同意为本次核验采集和处理我的人脸图像及身份信息；原始图像和证件号码仅加密保存，并在保存期满后删除。",
    "I consent to my face images and ID details being processed for this check; raw images and the ID number are stored only encrypted and deleted after the retention period."],
  "kiosk.start": ["开始", "Start"],
  "kiosk.challenge": ["2. 活体检测", "2. Liveness check"],
  "kiosk.capture": ["拍摄", "Capture"],
  "kiosk.useFiles": ["无摄像头？上传照片", "No camera? Upload photos"],
  "kiosk.frameFile": ["本步骤的照片", "Photo(s) for this step"],
  "kiosk.useFile": ["使用照片", "Use photo"],
  "kiosk.checking": ["正在核验…", "Checking…"],
  "kiosk.restart": ["重新开始", "Start again"],
  "kiosk.result": ["3. 核验结果", "3. Result"],
  "kiosk.qrAlt": ["核验页面的二维码", "QR code of the verification page"],
  "kiosk.verifyLink": ["核验页面", "Verification page"],
  "kiosk.scanHint": ["扫码查看存证", "Scan to view the attestation"],
  "kiosk.newCheck": ["新的核验", "New check"],
  "kiosk.step": ["第 {0} / {1} 步", "Step {0} of {1}"],
  "kiosk.hint.NEUTRAL": ["保持面部在画面中央。", "Keep your face in the middle of the picture."],
  "kiosk.hint.BLINK": ["拍摄开始后慢慢眨一次眼。", "Blink once, slowly, while the pictures are taken."],
  "kiosk.hint.TURN": ["转到约 30 度并保持。", "Turn about 30 degrees and hold still."],
  "kiosk.hint.FLASH": ["开始后屏幕会闪几种颜色，请正视屏幕、保持不动，直到闪烁结束。", "When it starts, the screen flashes a few colours: face the screen and hold still until it stops."],
  "kiosk.flashing": ["请保持不动", "Hold still"],
  "kiosk.flashNeedsCamera": ["颜色活体检测需要摄像头；仅用上传的照片，本次核验将不予通过。", "The colour check needs the camera: with uploaded photos only, this check will be rejected."],
  "kiosk.hint.blinkFiles": ["选择按顺序拍摄的几张照片（睁眼、闭眼、睁眼）。", "Choose several photos in order: eyes open, closed, open."],
  "kiosk.hint.oneFile": ["选择一张照片。", "Choose one photo."],
  "kiosk.noCameraApi": ["此浏览器无法使用摄像头。", "This browser cannot use a camera."],
  "kiosk.cameraFailed": ["无法打开摄像头（{0}）。", "The camera could not be opened ({0})."],
  "att.reasons": ["原因", "Reasons"],
  "att.similarity": ["相似度", "Similarity"],
  "att.threshold": ["阈值", "Threshold"],
  "att.fmr": ["误识率", "False-match rate"],
  "att.passive": ["活体分", "Passive liveness"],
  "att.model": ["模型", "Model"],
  "att.modelSha": ["模型摘要", "Model SHA-256"],
  "att.modelSet": ["模型组", "Model set"],
  "att.licence": ["模型许可", "Model licence"],
  "att.id": ["核验编号", "Attestation id"],

  // The window.
  "window.title": ["窗口：专窗收件 · 寄件 · 出件", "Window: receive · forward · issue"],
  "window.receive": ["专窗收件", "Receive"],
  "window.itemHeading": ["1. 事项", "1. Item"],
  "window.chooseItem": ["请选择事项", "Choose the item"],
  "window.timeLimit": ["办理时限", "Time limit"],
  "window.homeRule": ["审批地规则", "Home region rule"],
  "window.homeRuleHint": ["审批地按“{0}”确定。", "The home region is {0}."],
  "window.requiredMaterials": ["所需材料", "Required materials"],
  "window.applicantHeading": ["2. 申请人", "2. Applicant"],
  "window.applicantHint": ["扫描申请人在自助终端核验后取得的二维码，或选择、拖入其图片，或输入核验编号；没有核验的，输入其公民身份号码。",
    "Scan the QR code the applicant got from the kiosk's identity check, choose or drop a picture of it, or type its attestation id; without a check, type the applicant's ID card number."],
  "window.attestationId": ["身份核验编号", "Identity check (attestation id)"],
  "window.qrPicture": ["核验二维码图片", "Picture of the check's QR code"],
  "window.qrDrop": ["也可将二维码图片拖放到此处。", "Or drop the picture here."],
  "window.idNumber": ["公民身份号码（无身份核验时）", "ID card number (without an identity check)"],
  "window.idNumberHint": ["号码只发给本服务换算申请人标识，不保存、不上链；收件后即从此处清除。",
    "The number only goes to this service, which derives the applicant's reference from it; it is kept nowhere and never goes on the ledger, and it is cleared from here once the case is received."],
  "window.checkOf": ["核验：{0} · {1} · {2}", "Check: {0} · {1} · {2}"],
  "window.checkElsewhere": ["本服务没有这项核验的详情，收件时以账本上的核验记录为准。", "This service has no details of this check; the receipt relies on the check's record on the ledger."],
  "window.materials": ["3. 申请材料", "3. Materials"],
  "window.hashHint": ["材料文件只在浏览器中计算 SHA-256，文件本身不上传，文件名不上链。", "Material files are hashed (SHA-256) in this browser; the files are not sent and their names never go on the ledger."],
  "window.file": ["文件", "File"],
  "window.material": ["材料", "Material"],
  "window.notProvided": ["未提供", "not provided"],
  "window.assisted": ["代办（窗口人员代申请人办理）", "Assisted filing (clerk acts for the applicant)"],
  "window.receiveButton": ["收件", "Receive"],
  "window.case": ["案件", "Case"],
  "window.issueWindow": ["出件窗口", "Issue window"],
  "window.load": ["查询", "Load"],
  "window.certificate": ["电子证照", "Certificate"],
  "window.typeCode": ["证照类型", "Type code"],
  "window.certificateFile": ["证照文件（PDF / OFD）", "File (PDF / OFD)"],
  "window.issueCertificate": ["签发证照", "Issue certificate"],
  "window.certificateId": ["证照编号", "Certificate id"],
  "window.note": ["说明（不上链，仅记录其哈希）", "Note (kept off the ledger, only its hash is recorded)"],
  "window.status": ["查询", "Status"],
  "window.issued": ["已签发，待上链：{0}", "Issued, waiting for the ledger: {0}"],

  // The approver.
  "approver.title": ["远程审批", "Remote approval"],
  "approver.waiting": ["待审批", "Waiting for approval"],
  "approver.waitingHint": ["已寄件到本地区、等待本地区审批的案件。", "Cases forwarded to this region and waiting for its decision."],
  "approver.refresh": ["刷新", "Refresh"],
  "approver.next": ["下一页", "Next page"],
  "approver.caseHint": ["本地区为审批地的案件可批准、不予批准或要求补正。", "Cases whose home region is this region can be approved, rejected, or sent back for material."],
  "approver.comment": ["意见类别", "Comment"],
  "approver.open": ["打开", "Open"],
  "approver.received": ["收件时间", "Received"],

  // Recognition.
  "recognise.title": ["互认", "Mutual recognition"],
  "recognise.heading": ["核验与互认", "Check, then recognise or refuse"],
  "recognise.hint": ["核验其他成员地区的审批结果或电子证照，再予以互认，或说明理由不予互认；仅限覆盖该事项的协议范围内。",
    "Check another member region's approval or certificate, then recognise it, or refuse it with a reason; only within an agreement that covers the item."],
  "recognise.target": ["对象", "Target"],
  "recognise.targetCertificate": ["电子证照（证照编号）", "Certificate (certificate id)"],
  "recognise.targetApproval": ["审批结果（案件编号）", "Approval (case id)"],
  "recognise.targetId": ["编号", "Certificate or case id"],
  "recognise.agreement": ["依据协议（可选：默认为该案件的协议）", "Agreement relied on (optional: the target case's agreement)"],
  "recognise.reason": ["理由（不予互认时必填）", "Reason (required to refuse)"],
  "recognise.check": ["核验", "Check"],
  "recognise.recognise": ["互认", "Recognise"],
  "recognise.refuse": ["不予互认", "Refuse"],
  "recognise.checked": ["核验结果", "What the ledger says"],
  "recognise.record": ["互认记录", "Recognition"],
  "recognise.id": ["互认编号", "Recognition id"],
  "recognise.decision": ["决定", "Decision"],
  "recognise.agreementItem": ["协议 / 事项", "Agreement / item"],
  "recognise.by": ["互认方", "Recognised by"],

  // Audit.
  "audit.title": ["审计", "Audit"],
  "audit.timeline": ["案件时间线", "Case timeline"],
  "audit.showTimeline": ["查询", "Show timeline"],
  "audit.overdueHeading": ["超期与临期", "Overdue and due soon"],
  "audit.region": ["地区", "Region"],
  "audit.dueWithin": ["临期工作日", "Due within working days"],
  "audit.show": ["查询", "Show"],
  "audit.historyHeading": ["证照历史与互认", "Certificate history and recognitions"],
  "audit.target": ["证照编号（历史）或案件编号（互认）", "Certificate id (history) or case id (recognitions)"],
  "audit.history": ["证照历史", "History"],
  "audit.recognitions": ["互认", "Recognitions"],
  "audit.bundleHeading": ["存证包", "Evidence bundle"],
  "audit.bundleHint": ["离线核验：先取联盟信任包 ./alliance cli trust fetch 本服务地址 -o trust.json，再 ./alliance cli verify-bundle --trust trust.json 文件。",
    "Check it offline: ./alliance cli trust fetch SERVICE-URL -o trust.json, then ./alliance cli verify-bundle --trust trust.json FILE."],
  "audit.recordId": ["记录编号", "Record id"],
  "audit.download": ["下载存证包", "Download bundle"],
  "audit.exportHint": ["整份视图连同其引用的每条记录的存证包（按上方的案件编号或证照编号）；用时和时限由本服务计算，离线不核验。",
    "A whole view with the bundle of every record it cites (for the case id or certificate id above); durations and deadlines are the service's computation and are not verified offline."],
  "audit.exportTimeline": ["导出时间线", "Export timeline"],
  "audit.exportHistory": ["导出证照历史", "Export history"],
  "audit.exportRecognitions": ["导出互认", "Export recognitions"],
  "audit.timeLimit": ["时限", "Time limit"],
  "audit.workingDays": ["{0} 个工作日", "{0} working days"],
  "audit.overdue": ["超期", "Overdue"],
  "audit.isOverdue": ["已超期", "overdue"],
  "audit.onTime": ["未超期", "on time"],
  "audit.regions": ["地区", "Regions"],
  "audit.standing": ["情况", "Standing"],
  "audit.OVERDUE": ["已超期", "Overdue"],
  "audit.DUE_SOON": ["临期", "Due soon"],
  "audit.action": ["动作", "Action"],
  "audit.status": ["状态", "Status"],
  "audit.issuedBy": ["签发方", "Issued by"],
  "audit.downloaded": ["已下载：{0}", "Downloaded: {0}"],

  // Verification (public).
  "verify.title": ["核验", "Verification"],
  "verify.heading": ["核验电子证照或身份核验存证", "Verify a certificate or an identity check"],
  "verify.hint": ["任何人均可核验：输入编号、扫描二维码，或选择证照文件、导出的存证包或二维码图片。",
    "Anyone may verify: enter an id, scan a QR code, or choose a certificate file, an exported evidence bundle or a picture of a QR code."],
  "verify.id": ["证照编号或核验编号", "Certificate or attestation id"],
  "verify.byId": ["按编号核验", "Verify id"],
  "verify.scan": ["扫描二维码", "Scan QR code"],
  "verify.stopScan": ["停止扫描", "Stop scanning"],
  "verify.file": ["文件（证照、存证包或二维码图片）", "File (certificate, evidence bundle or QR picture)"],
  "verify.drop": ["也可将文件拖放到此处。", "Or drop a file here."],
  "verify.byFile": ["按文件核验", "Verify file"],
  "verify.verdict": ["结果", "Verdict"],
  "verify.nothingYet": ["尚未核验。", "Nothing verified yet."],
  "verify.certificateId": ["证照编号", "Certificate id"],
  "verify.type": ["证照类型", "Type"],
  "verify.valid": ["有效期", "Valid"],
  "verify.outside": ["（不在有效期内）", " (outside validity)"],
  "verify.statusTime": ["状态时间", "Status time"],
  "verify.provenance": ["来源", "Provenance"],
  "verify.issuer": ["签发方", "Issuer"],
  "verify.case": ["案件", "Case"],
  "verify.issuedAt": ["签发时间", "Issued at"],
  "verify.bundle": ["下载存证包", "Download evidence bundle"],
  "verify.attestation": ["身份核验存证", "Identity check attestation"],
  "verify.attestationHint": ["存证由身份核验服务签发，不含人脸图像和证件号码。", "The attestation is signed by the identity service; it holds no face images and no ID number."],
  "verify.recordHeading": ["签名记录", "Signed record"],
  "verify.recordHint": ["账本上保存的记录（规范 JSON）。", "The record as stored on the ledger (canonical JSON)."],
  "verify.bundleFile": ["存证包：{0}", "Evidence bundle: {0}"],
  "library.heading": ["证照库", "Certificate library"],
  "library.hint": ["核验证照是否收录于证照库：在浏览器中计算文件的 SHA-256（文件不上传），取得包含证明，并在浏览器中对照证照库的根核验。",
    "Check that a certificate is in the certificate library: its file's SHA-256 is computed in the browser (the file is not sent), and the inclusion proof is verified here against the library's root."],
  "library.file": ["证照文件", "Certificate file"],
  "library.hash": ["或证照哈希（SHA-256，十六进制）", "Or its SHA-256 (hex)"],
  "library.check": ["核验收录", "Check the library"],
  "library.INCLUDED": ["已收录，证明有效", "In the library: the proof verifies against the root"],
  "library.NOT_INCLUDED": ["未收录", "Not in the library"],
  "library.PROOF_INVALID": ["证明无效", "The proof does not verify against the root"],
  "library.VERIFY_OFFLINE": ["证明已获取：SM3 证照库请用 ledger-cli 核验", "Proof fetched: verify this SM3 library with ledger-cli"],
  "library.certificate": ["证照哈希", "Certificate SHA-256"],
  "library.index": ["序号", "Leaf index"],
  "library.library": ["证照库", "Library"],
  "library.root": ["根", "Root"],
  "library.recordedAt": ["根的上链记录", "Root recorded at"],
  "library.notRecorded": ["尚未上链", "Not recorded on the ledger yet"],
};

/** The page's language: "zh-CN" or "en". */
const LANG = (() => {
  let asked = new URLSearchParams(location.search).get("lang");
  if (!asked) {
    try {
      asked = localStorage.getItem(LANG_KEY);
    } catch (e) {
      asked = null;
    }
  }
  return asked && asked.toLowerCase().split(/[-_]/)[0] === "en" ? "en" : "zh-CN";
})();

const missingKeys = new Set();

/** The key's text in the page's language, with {0}, {1} … replaced by the arguments. */
function t(key, ...args) {
  const entry = TEXT[key];
  if (!entry) {
    missingKeys.add(key);
    document.documentElement.dataset.i18nMissing = [...missingKeys].join(" ");
    return key;
  }
  return entry[LANG === "en" ? 1 : 0].replace(/\{(\d+)\}/g, (m, i) => (args[i] === undefined ? m : String(args[i])));
}

/** The text of a code in a family ("case", "cert", …), or the code itself if the dictionary lacks it. */
function label(family, code) {
  return TEXT[family + "." + code] ? t(family + "." + code) : code;
}

/** Puts every data-i18n element under root into the page's language. */
function translate(root) {
  for (const el of (root || document).querySelectorAll("[data-i18n]")) {
    el.textContent = t(el.dataset.i18n);
  }
  for (const attr of ["placeholder", "alt", "title"]) {
    for (const el of (root || document).querySelectorAll("[data-i18n-" + attr + "]")) {
      el.setAttribute(attr, t(el.getAttribute("data-i18n-" + attr)));
    }
  }
}

/** The language switch in the page's header: the choice is kept for the next pages, and the page reloads in it. */
function mountLanguageSwitch() {
  const header = document.querySelector("header");
  if (!header) {
    return;
  }
  const select = document.createElement("select");
  select.id = "lang-switch";
  select.setAttribute("aria-label", t("lang.label"));
  select.append(new Option("中文", "zh-CN"), new Option("English", "en"));
  select.value = LANG;
  select.addEventListener("change", () => {
    try {
      localStorage.setItem(LANG_KEY, select.value);
    } catch (e) {
      // Storage may be off: the URL parameter still carries the choice.
    }
    const url = new URL(location.href);
    url.searchParams.set("lang", select.value);
    location.replace(url);
  });
  header.append(select);
}

const TIME_PARTS = new Intl.DateTimeFormat("en-CA", {
  timeZone: ZONE, year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", hourCycle: "h23",
});

/**
 * An instant as people in the alliance read it: Asia/Shanghai, to the minute ("2026-12-28 23:59").
 * A plain date stays as it is; what is not a time is shown unchanged.
 */
function formatTime(value) {
  if (value === undefined || value === null || value === "") {
    return "–";
  }
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) {
    return value;
  }
  // Instants come with up to nine fractional digits; Date reads three.
  const date = new Date(String(value).replace(/(\.\d{3})\d+/, "$1"));
  if (Number.isNaN(date.getTime())) {
    return String(value);
  }
  const p = Object.fromEntries(TIME_PARTS.formatToParts(date).map((part) => [part.type, part.value]));
  return p.year + "-" + p.month + "-" + p.day + " " + p.hour + ":" + p.minute;
}

/** A deadline with the working days the service says are left (negative: overdue by that many). */
function formatDeadline(deadline, workingDaysLeft, overdue) {
  let standing = "";
  if (typeof workingDaysLeft === "number") {
    standing = workingDaysLeft > 0 ? t("deadline.left", workingDaysLeft)
      : workingDaysLeft === 0 ? t("deadline.today") : t("deadline.overdue", -workingDaysLeft);
  } else if (overdue) {
    standing = t("deadline.late");
  }
  return formatTime(deadline) + (standing ? " · " + standing : "");
}

/** The names of orgs and items in the page's language, once /api/names has answered. */
const names = { orgs: {}, items: {}, materials: {}, homeRules: {}, agreements: {} };
const namesLoaded = fetch("/api/names?lang=" + encodeURIComponent(LANG), { headers: { Accept: "application/json" } })
  .then((r) => (r.ok ? r.json() : null))
  .then((body) => {
    if (body) {
      Object.assign(names, body);
    }
  })
  .catch((e) => console.warn("names: the codes are shown: " + e.message));

/** An org's name (its MSP id until the names are known, or for an org no agreement names). */
function orgName(mspId) {
  return (mspId && names.orgs[mspId]) || mspId || "–";
}

/** An item's title (its code if no agreement names it). */
function itemTitle(code) {
  return (code && names.items[code]) || code || "–";
}

/** Marks an element that shows an org's name with the org's MSP id (data-org, and as its tooltip). */
function markOrg(el, mspId) {
  el.dataset.org = mspId || "";
  el.title = mspId || "";
  return el;
}

document.documentElement.lang = LANG;
translate(document);
mountLanguageSwitch();
