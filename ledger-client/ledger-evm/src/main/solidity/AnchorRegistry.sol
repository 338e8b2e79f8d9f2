// SPDX-License-Identifier: UNLICENSED
pragma solidity 0.8.37;

/// @title Append-only registry of an alliance log's checkpoints.
/// @notice Each anchor records a checkpoint (tree size, root, hash algorithm) of one alliance's log.
/// Only submitters the owner registered may anchor, and a checkpoint must grow its alliance's log:
/// a replayed or reordered anchor transaction is refused, so nothing is recorded twice.
contract AnchorRegistry {
    uint8 public constant SHA256 = 1;
    uint8 public constant SM3 = 2;

    // Two storage slots: size, algorithm and submitter packed in one, the root in the other. The
    // block of an anchor is in its event.
    struct Checkpoint {
        uint64 treeSize;
        uint8 alg;
        address submitter;
        bytes32 root;
    }

    address public immutable owner;
    mapping(address => bool) public submitters;
    // keccak256(allianceId) => the alliance's checkpoints in the order they were anchored.
    mapping(bytes32 => Checkpoint[]) private logs;

    event SubmitterRegistered(address indexed submitter);
    event SubmitterRemoved(address indexed submitter);
    /// One per anchor; `index` is the checkpoint's position in its alliance's list.
    event Anchored(bytes32 indexed allianceKey, uint64 indexed index, string allianceId, uint64 treeSize,
        bytes32 root, uint8 alg, address submitter);

    constructor() {
        owner = msg.sender;
    }

    modifier onlyOwner() {
        require(msg.sender == owner, "AnchorRegistry: only the owner manages submitters");
        _;
    }

    function registerSubmitter(address submitter) external onlyOwner {
        require(submitter != address(0), "AnchorRegistry: zero address");
        submitters[submitter] = true;
        emit SubmitterRegistered(submitter);
    }

    function removeSubmitter(address submitter) external onlyOwner {
        submitters[submitter] = false;
        emit SubmitterRemoved(submitter);
    }

    function anchor(string calldata allianceId, uint64 treeSize, bytes32 root, uint8 alg) external {
        require(submitters[msg.sender], "AnchorRegistry: sender is not a registered submitter");
        require(bytes(allianceId).length > 0, "AnchorRegistry: empty alliance id");
        require(alg == SHA256 || alg == SM3, "AnchorRegistry: unknown hash algorithm");
        bytes32 key = keccak256(bytes(allianceId));
        Checkpoint[] storage log = logs[key];
        if (log.length > 0) {
            Checkpoint storage last = log[log.length - 1];
            require(treeSize > last.treeSize, "AnchorRegistry: checkpoint does not grow the log");
            require(alg == last.alg, "AnchorRegistry: hash algorithm differs from the log's");
        }
        log.push(Checkpoint(treeSize, alg, msg.sender, root));
        emit Anchored(key, uint64(log.length - 1), allianceId, treeSize, root, alg, msg.sender);
    }

    function count(string calldata allianceId) external view returns (uint256) {
        return logs[keccak256(bytes(allianceId))].length;
    }

    /// The alliance's latest anchored tree size, 0 when it has none.
    function latestTreeSize(string calldata allianceId) external view returns (uint64) {
        Checkpoint[] storage log = logs[keccak256(bytes(allianceId))];
        return log.length == 0 ? 0 : log[log.length - 1].treeSize;
    }

    function checkpointAt(string calldata allianceId, uint256 index)
        external view returns (uint64 treeSize, bytes32 root, uint8 alg, address submitter)
    {
        Checkpoint storage c = logs[keccak256(bytes(allianceId))][index];
        return (c.treeSize, c.root, c.alg, c.submitter);
    }
}
