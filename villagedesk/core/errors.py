"""Errors and findings that a user reads: Chinese text plus where the fault is."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field


@dataclass(frozen=True)
class Problem:
    """One finding about user input; `where` names the sheet, row and column or the field."""

    severity: str  # "error" | "warning"
    message: str
    where: str = ""
    suggestion: str = ""

    def text(self) -> str:
        head = f"{self.where}：{self.message}" if self.where else self.message
        return f"{head}（建议：{self.suggestion}）" if self.suggestion else head

    def to_dict(self) -> dict:
        return asdict(self)


class UserError(Exception):
    """Input the app refuses; the message is for the user and leaves the data untouched."""

    exit_code = 2

    def __init__(self, message: str, *, where: str = "", problems: list[Problem] | None = None):
        self.message = message
        self.where = where
        self.problems = list(problems or [])
        super().__init__(self.text())

    def text(self) -> str:
        head = f"{self.where}：{self.message}" if self.where else self.message
        if not self.problems:
            return head
        lines = [head] + [f"  · {p.text()}" for p in self.problems[:50]]
        if len(self.problems) > 50:
            lines.append(f"  · ……另有 {len(self.problems) - 50} 处问题")
        return "\n".join(lines)

    def to_dict(self) -> dict:
        return {
            "error": self.message,
            "where": self.where,
            "problems": [p.to_dict() for p in self.problems],
        }


class VersionRefused(UserError):
    """An import refused because the installed catalogue is newer or differs at the same version."""


class Cancelled(UserError):
    """The user stopped a long action; like any refusal, nothing was changed."""

    def __init__(self, message: str = "已取消，数据没有改动"):
        super().__init__(message)


class NeedsConfirmation(UserError):
    """Only warnings: the action may go ahead once the user has read and confirmed them."""


@dataclass
class Findings:
    """Errors and warnings collected while checking a whole input before acting on it."""

    items: list[Problem] = field(default_factory=list)

    def error(self, message: str, where: str = "", suggestion: str = "") -> None:
        self.items.append(Problem("error", message, where, suggestion))

    def warning(self, message: str, where: str = "", suggestion: str = "") -> None:
        self.items.append(Problem("warning", message, where, suggestion))

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.items if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.items if p.severity == "warning"]
