"""Storage of the Merkle log: entries (leaves), the aligned inner nodes, the frontier and signed heads.

Rows are only ever inserted (entries, nodes, heads) or, for the one state row, moved forward; the
`ledger verify` command recomputes everything from the entries' payloads and the signed heads.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class LedgerEntry(models.Model):
    """One event: `payload` is the exact UTF-8 JSON whose leaf hash is in the tree (RFC 9162 §2.1.1)."""

    index = models.PositiveBigIntegerField(_("序号"), primary_key=True)
    kind = models.CharField(_("事件"), max_length=60)
    subject_type = models.CharField(max_length=60)
    subject_id = models.PositiveBigIntegerField()
    organization_id = models.PositiveBigIntegerField(null=True, blank=True)  # whose proofs these are
    payload = models.TextField()
    leaf_hash = models.BinaryField(max_length=32)
    created_at = models.DateTimeField(_("时间"))

    class Meta:
        verbose_name = _("账本事件")
        verbose_name_plural = _("账本事件")
        ordering = ["index"]
        indexes = [models.Index(fields=["subject_type", "subject_id", "index"])]

    def __str__(self) -> str:
        return f"#{self.index} {self.kind}"


class LedgerNode(models.Model):
    """An aligned complete subtree above the leaves: hash of leaves [index·2^level, (index+1)·2^level)."""

    level = models.PositiveSmallIntegerField()
    index = models.PositiveBigIntegerField()
    hash = models.BinaryField(max_length=32)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["level", "index"], name="ledger_node_once")]

    def __str__(self) -> str:
        return f"{self.level}/{self.index}"


class LedgerState(models.Model):
    """The single row every append locks: the tree size and its frontier (compact range)."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    size = models.PositiveBigIntegerField(default=0)
    frontier = models.JSONField(default=list)

    class Meta:
        constraints = [models.CheckConstraint(condition=models.Q(id=1), name="ledger_state_single_row")]

    def __str__(self) -> str:
        return f"size {self.size}"


class SignedHead(models.Model):
    """A signed tree head: Ed25519 over the checkpoint text of (origin, size, root, timestamp)."""

    tree_size = models.PositiveBigIntegerField(_("树大小"))
    root_hash = models.BinaryField(max_length=32)
    timestamp = models.PositiveBigIntegerField(_("时间戳（毫秒）"))
    signature = models.BinaryField(max_length=64)
    public_key = models.BinaryField(max_length=32)

    class Meta:
        verbose_name = _("签名树头")
        verbose_name_plural = _("签名树头")
        ordering = ["-tree_size", "-timestamp"]
        indexes = [models.Index(fields=["tree_size", "timestamp"], name="ledger_head_size_time")]

    def __str__(self) -> str:
        return f"{self.tree_size} @ {self.timestamp}"
