"""The first-run setup as a sequence of steps, without Qt: where the office is (province →
county → township → office, from the bundled region codes), its full legal name and
organisations, the 经办人 and the number format, where data and backups live, and which
catalogue to start from. The window (ui/setup_wizard.py) only shows a step and calls
`next()` / `back()`; what a step lacks, how a name is proposed and what `finish()` saves are
decided here, so they are unit-tested without a window (as Electrum's wizard.py keeps its
navigation apart from its dialogs).

Legal names: the statistical region names are often abbreviations (九龙村委会, DOMAIN.md §6);
`propose_legal_name` writes the full form (九龙村民委员会 with its county and township in
front) and a proposal that the rule set still finds short (national.json "abbreviations")
is not offered at all — the clerk types the name from the approval document instead."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from villagedesk import resources
from villagedesk.core.errors import UserError
from villagedesk.core.numbering import check_template, format_number
from villagedesk.core.region import is_region_code
from villagedesk.services import desk as desk_service
from villagedesk.services import settings as settings_service

STEPS = ("region", "office", "people", "folders", "catalogue")
STEP_TITLES = {
    "region": "第一步：选择本单位所在地",
    "office": "第二步：核对单位全称",
    "people": "第三步：组织全称、经办人和编号格式",
    "folders": "第四步：数据和备份保存在哪里",
    "catalogue": "第五步：目录从哪里来",
}
COUNTY_ITSELF = "county"  # the township choice meaning "the county's own office"
CATALOGUE_SUFFIXES = (".xlsx", ".csv")


def _children(code: str, levels: tuple[str, ...]) -> list:
    regions = resources.regions()
    return sorted((r for r in regions.values() if r.parent_code == code and r.level in levels), key=lambda r: r.code)


def provinces() -> list[tuple[str, str]]:
    return [(r.code, r.name) for r in _children("", ("province",))]


def counties(province: str) -> list[tuple[str, str]]:
    """Counties of a province, through their prefecture (德宏傣族景颇族自治州 › 芒市)."""
    out = []
    for city in _children(province, ("city",)):
        prefix = "" if city.name == "市辖区" else city.name + " › "
        out += [(r.code, prefix + r.name) for r in _children(city.code, ("county",))]
    out += [(r.code, r.name) for r in _children(province, ("county",))]
    return out


def townships(county: str) -> list[tuple[str, str]]:
    return [(r.code, r.name) for r in _children(county, ("town",))]


def offices(township: str) -> list[tuple[str, str]]:
    """The township's own office first, then its villages and communities."""
    regions = resources.regions()
    own = regions.get(township)
    first = [(township, f"{own.name}（乡镇本级）")] if own else []
    return first + [(r.code, r.name) for r in _children(township, ("village",))]


def _bare_township(county_name: str, township_name: str) -> str:
    # 芒市勐焕街道 already names its county; 风平镇 does not
    return township_name if township_name.startswith(county_name) else county_name + township_name


def propose_legal_name(region_code: str) -> str:
    """The full legal name proposed from the statistical names, for the clerk to confirm
    against the approval document; '' when none can be proposed without guessing."""
    regions = resources.regions()
    region = regions.get(region_code)
    if region is None:
        return ""
    level = desk_service.level_of_region_code(region_code)
    county = regions.get(region_code[:6] + "000000")
    county_name = county.name if county else ""
    if level == "county":
        name = county_name + "人民政府"
    else:
        town = regions.get(region_code[:9] + "000")
        if town is None:
            return ""
        town_full = _bare_township(county_name, town.name)
        if level == "township":
            name = town_full + ("办事处" if town.name.endswith("街道") else "人民政府")
        else:
            place = desk_service.derive_short_name(region.name)  # 九龙村委会 → 九龙村, 兴侨社区居民委员会 → 兴侨社区
            if place.endswith("社区"):
                committee = place + "居民委员会"
            elif place.endswith("村"):
                committee = place[:-1] + "村民委员会"  # the 村 of the place and of 村民委员会 are one
            else:
                return ""
            name = town_full + committee
    checked = desk_service.check_office(region_code=region_code, name=name, level=level)
    return "" if "name" in checked["problems"] else name


@dataclass
class SetupFlow:
    """What the clerk has chosen so far, and which step is shown."""

    data_dir: Path
    step: str = "region"
    province: str = ""
    county: str = ""
    township: str = ""  # a township code, or COUNTY_ITSELF
    office: str = ""
    typed_code: str = ""  # a 12-digit code typed for a place the bundled regions lack
    name: str = ""
    short_name: str = ""
    organisations: dict[str, str] = field(default_factory=dict)
    handler: str = ""
    number_format: str = settings_service.SETTINGS["cert_number_format"]["default"]
    catalogue_file: str = ""  # '' = start from the national baseline
    _name_typed: bool = False
    _named_for: str = ""  # the region code the name was proposed or typed for
    _proposed_orgs: dict[str, str] = field(default_factory=dict)  # what was last proposed, per role

    # ---- where the office is ---------------------------------------------------------

    def choose_province(self, code: str) -> None:
        if code != self.province:
            self.province, self.county, self.township, self.office = code, "", "", ""

    def choose_county(self, code: str) -> None:
        if code != self.county:
            self.county, self.township, self.office = code, "", ""

    def choose_township(self, code: str) -> None:
        if code != self.township:
            self.township, self.office = code, ""

    def choose_office(self, code: str) -> None:
        self.office = code

    def township_options(self) -> list[tuple[str, str]]:
        if not self.county:
            return []
        return townships(self.county) + [(COUNTY_ITSELF, "（县级单位：不选乡镇）")]

    def office_options(self) -> list[tuple[str, str]]:
        return offices(self.township) if self.township and self.township != COUNTY_ITSELF else []

    def type_code(self, text: str) -> None:
        """A code typed instead of chosen (an office outside the bundled counties); it wins
        over the lists while it is not empty."""
        self.typed_code = (text or "").strip()

    @property
    def region_code(self) -> str:
        if self.typed_code:
            return self.typed_code
        if self.township == COUNTY_ITSELF:
            return self.county
        return self.office

    @property
    def level(self) -> str:
        code = self.region_code
        return desk_service.level_of_region_code(code) if code else ""

    def region_path(self) -> str:
        return desk_service.region_path(self.region_code) if self.region_code else ""

    # ---- names ---------------------------------------------------------------------------

    def set_name(self, text: str) -> None:
        self.name = text
        self._name_typed = True
        self._named_for = self.region_code

    def proposed_organisations(self) -> dict[str, str]:
        return {o["role"]: o["name"] for o in desk_service.proposed_organisations(self.name, self.level)}

    def _enter_office(self) -> None:
        """Coming to the name step: propose the legal name unless the clerk typed one, and the
        organisations' names from it for those still empty."""
        if not self._name_typed or not self.name or self._named_for != self.region_code:
            self.name = propose_legal_name(self.region_code)  # another office chosen: its own name
            self._name_typed = False
            self._named_for = self.region_code

    def _enter_people(self) -> None:
        """Each organisation's proposal fills its field unless the clerk typed there (a name
        proposed earlier, from a name since changed, is replaced)."""
        proposed = self.proposed_organisations()
        for role in desk_service.ROLES:
            current = self.organisations.get(role, "")
            if not current or current == self._proposed_orgs.get(role):
                self.organisations[role] = proposed.get(role, "")
        self._proposed_orgs = {role: proposed.get(role, "") for role in desk_service.ROLES}

    def check(self) -> dict:
        return desk_service.check_office(region_code=self.region_code, name=self.name, level=self.level,
                                         short_name=self.short_name, organisations=self.organisations,
                                         handler=self.handler)

    def number_example(self) -> str:
        short = self.check()["values"]["short_name"] or "风平村"
        try:
            return format_number(self.number_format, short_name=short, year=date.today().year, seq=1)
        except Exception:  # noqa: BLE001 — a template still being typed: no example yet
            return ""

    def number_warnings(self) -> list[str]:
        """What the format may do but should not (padding, GB/T 9704-2012 7.2.5): shown, not refused."""
        return [p.message + (f"（{p.suggestion}）" if p.suggestion else "")
                for p in check_template(self.number_format.strip()) if p.severity == "warning"]

    # ---- the steps -----------------------------------------------------------------------

    def problems(self, step: str | None = None) -> dict[str, str]:
        """What keeps this step from going on, field by field ('' nothing)."""
        step = step or self.step
        out: dict[str, str] = {}
        if step == "region" and self.typed_code:
            if not is_region_code(self.typed_code):
                out["typed_code"] = (f"区划代码应为 12 位数字，现在是 {len(self.typed_code)} 位" if self.typed_code.isascii() and self.typed_code.isdigit()
                                     else "区划代码应为 12 位数字")
        elif step == "region":
            if not self.province:
                out["province"] = "请选择省份"
            elif not self.county:
                out["county"] = "请选择县（市、区）"
            elif not self.township:
                out["township"] = "请选择乡镇（街道），县级单位请选“县级单位”"
            elif self.township != COUNTY_ITSELF and not self.office:
                out["office"] = "请选择本单位（村、社区，或乡镇本级）"
        elif step == "office":
            found = self.check()["problems"]
            out.update({k: v for k, v in found.items() if k in ("name", "short_name", "region_code", "level")})
        elif step == "people":
            found = self.check()["problems"]
            out.update({k: v for k, v in found.items() if k.startswith("org.") or k == "handler"})
            if not self.handler.strip():
                out["handler"] = "请填写经办人姓名（打印在证明上）"
            bad = [p for p in check_template(self.number_format.strip()) if p.severity == "error"]
            if bad:
                out["number_format"] = bad[0].message
        elif step == "catalogue" and self.catalogue_file:
            path = Path(self.catalogue_file)
            if path.suffix.lower() not in CATALOGUE_SUFFIXES:
                out["catalogue_file"] = "请选择县级目录文件（.xlsx 或 .csv）"
            elif not path.is_file():
                out["catalogue_file"] = f"找不到文件：{path}"
            else:
                from villagedesk.services import catalogue

                try:
                    catalogue.check_file(path)
                except UserError as exc:
                    lines = exc.text().splitlines()  # the first few: the whole list is the 目录 page's
                    out["catalogue_file"] = "\n".join(lines[:4] + (["……"] if len(lines) > 4 else []))
        return out

    def can_go_on(self) -> bool:
        return not self.problems()

    @property
    def is_first(self) -> bool:
        return self.step == STEPS[0]

    @property
    def is_last(self) -> bool:
        return self.step == STEPS[-1]

    def next(self) -> bool:
        """To the next step when this one is complete; False (and the step kept) otherwise."""
        if self.problems() or self.is_last:
            return False
        self.step = STEPS[STEPS.index(self.step) + 1]
        if self.step == "office":
            self._enter_office()
        elif self.step == "people":
            self._enter_people()
        return True

    def back(self) -> bool:
        if self.is_first:
            return False
        self.step = STEPS[STEPS.index(self.step) - 1]
        return True

    # ---- where things live ---------------------------------------------------------------

    def data_folder(self) -> Path:
        return Path(self.data_dir).resolve()

    def backup_folder(self) -> Path:
        from villagedesk.services.backup import backup_folder

        return backup_folder(self.data_folder())

    # ---- saving --------------------------------------------------------------------------

    def finish(self, session) -> dict:
        """Save the office, the handler and the number format, then import the chosen county
        catalogue (the national baseline comes with every desk). Every step is checked
        first: nothing is saved while one of them still has a problem."""
        for step in STEPS:
            if found := self.problems(step):
                raise UserError(f"「{STEP_TITLES[step]}」还没有填好：" + "；".join(found.values()))
        result = desk_service.init_desk(session, region_code=self.region_code, name=self.name.strip(),
                                        level=self.level, short_name=self.short_name.strip(),
                                        organisations={k: v.strip() for k, v in self.organisations.items()},
                                        handler=self.handler.strip(), propose=False)
        template = self.number_format.strip()
        if template != settings_service.SETTINGS["cert_number_format"]["default"]:
            settings_service.set_setting(session, "cert_number_format", template)
        result["catalogue"] = None
        result["catalogue_error"] = ""
        if self.catalogue_file:
            from villagedesk.services import catalogue

            try:
                result["catalogue"] = catalogue.import_catalogue(session, Path(self.catalogue_file), allow_warnings=True,
                                                                 source=Path(self.catalogue_file).name)
            except UserError as exc:  # checked before, refused now (an older version …): the office stays saved
                result["catalogue_error"] = ("本单位信息已保存，但目录文件没有导入：" + exc.text()
                                             + "\n可以以后在“目录”页重新导入。")
        return result
